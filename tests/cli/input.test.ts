import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { run as runCommand } from '../../src/cli/main.ts';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(root, 'tests', 'cli', 'fixtures');
const fx = (name: string): string => join(fixtures, name);
const cli = join(root, 'src', 'cli', 'netpol.mjs');

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process, with large outputs (`more`) joined to stdout. */
function run(args: readonly string[]): Ran {
  const result = runCommand(args);
  const more = [...(result.more ?? [])].map((chunk) => chunk.toString()).join('');
  return { code: result.code, stdout: `${result.stdout}${more}`, stderr: result.stderr };
}

/** Runs the CLI in a child process (standard input, pipes, environment); INIT_CWD only when given. */
function child(
  args: readonly string[],
  options: { input?: string | Buffer; env?: Record<string, string>; shell?: string } = {},
): Ran {
  const env: Record<string, string | undefined> = {
    ...process.env,
    INIT_CWD: undefined,
    npm_lifecycle_event: undefined,
    ...options.env,
  };
  const result = options.shell
    ? spawnSync('bash', ['-c', options.shell], { cwd: root, encoding: 'utf8', env })
    : spawnSync(process.execPath, [cli, ...args], {
        cwd: root,
        encoding: 'utf8',
        env,
        ...(options.input !== undefined ? { input: options.input } : {}),
      });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temporary = (): string => mkdtempSync(join(tmpdir(), 'netpol-input-'));

const limits = ['NETPOL_MAX_INPUT_BYTES', 'NETPOL_MAX_DOCUMENTS'] as const;
afterEach(() => {
  for (const name of limits) Reflect.deleteProperty(process.env, name);
});

const policy = (name: string): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: data}\nspec: {podSelector: {}}\n`;

describe('hostile inputs are refused before they are read whole', { timeout: 120_000 }, () => {
  test('lint /dev/zero and evaluate --flows /dev/zero: a device is refused without reading', () => {
    const lint = run(['lint', '/dev/zero']);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain('/dev/zero is a character device, not a file');
    const evaluate = run([
      'evaluate',
      '--cluster',
      fx('cluster.yaml'),
      '--policies',
      fx('policies.yaml'),
      '--flows',
      '/dev/zero',
    ]);
    expect(evaluate.code).toBe(1);
    expect(evaluate.stderr).toContain('/dev/zero:1:1: /dev/zero is a character device, not a file;');
  });

  test('a sparse 3 GB file is refused by its size, naming the file and the cap', () => {
    const file = join(temporary(), 'huge.yaml');
    writeFileSync(file, '');
    truncateSync(file, 3 * 1024 ** 3);
    const result = run(['lint', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${file} is 3 GiB (3,221,225,472 bytes), more than the limit of 16 MiB (16,777,216 bytes); not read`,
    );
  });

  test('documents are counted while reading: reading stops at the limit, before anything is parsed', () => {
    process.env.NETPOL_MAX_DOCUMENTS = '100';
    // Document 120 is broken: had the file been parsed, its syntax error would be reported.
    const docs = Array.from({ length: 150 }, (_, i) => (i === 119 ? 'kind: [unclosed\n' : policy(`p${i}`)));
    const file = join(temporary(), 'many.yaml');
    writeFileSync(file, docs.join('---\n'));
    const result = run(['lint', file]);
    expect(result.code).toBe(1);
    const line = 5 * 100 + 1;
    expect(result.stdout).toContain(
      `${file}:${line}:1: ${file} has more than the limit of 100 documents; stopped reading at line ${line} [input/too-many-documents]`,
    );
    expect(result.stdout).toContain('1 error(s), 0 warning(s)');
  });

  test('the caps hold for all inputs together', () => {
    process.env.NETPOL_MAX_INPUT_BYTES = String(64 * 1024);
    const dir = temporary();
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    const padding = `# ${'x'.repeat(40 * 1024)}\n`;
    writeFileSync(a, padding + policy('a'));
    writeFileSync(b, padding + policy('b'));
    writeFileSync(join(dir, 'c.yaml'), padding + policy('c'));
    const result = run(['lint', a, b, join(dir, 'c.yaml')]);
    expect(result.code).toBe(1);
    // One message, at the file that did not fit; the files after it are not read.
    expect(result.stdout).toContain('1 error(s)');
    expect(result.stdout).toContain(
      `${b} is 40.1 KiB (41,077 bytes); with the 40.1 KiB (41,077 bytes) read before it, that is more than the limit of 64 KiB (65,536 bytes) for all inputs together; not read`,
    );
  });

  test('yes | netpol lint - (and /dev/stdin): a pipe is read up to the cap, then the reading stops', () => {
    const env = { NETPOL_MAX_INPUT_BYTES: String(1024 * 1024) };
    for (const name of ['-', '/dev/stdin']) {
      const result = child([], { shell: `yes | "${process.execPath}" "${cli}" lint ${name}`, env });
      expect(result.code, name).toBe(1);
      const shown = name === '-' ? '<stdin>' : name;
      expect(result.stdout).toContain(
        `${shown} is larger than the limit of 1 MiB (1,048,576 bytes); stopped reading`,
      );
    }
  });
});

describe('encodings', { timeout: 120_000 }, () => {
  const clusterText = (): string => readFixture('cluster.yaml');
  const flows = ['--flows', fx('flows.yaml'), '--output', 'json'];
  const allowed = (r: { stdout: string }): boolean[] =>
    (JSON.parse(r.stdout) as { results: { allowed: boolean }[] }).results.map((x) => x.allowed);

  test('UTF-16 LE and BE with a byte-order mark (PowerShell >), UTF-8 with a BOM and CRLF read alike', () => {
    const dir = temporary();
    const text = clusterText().replaceAll('\n', '\r\n');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le).swap16();
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    const expected = allowed(
      run(['evaluate', '--cluster', fx('cluster.yaml'), '--policies', fx('policies.yaml'), ...flows]),
    );
    for (const [name, bytes] of [
      ['le.yaml', le],
      ['be.yaml', be],
      ['bom.yaml', bom],
    ] as const) {
      writeFileSync(join(dir, name), bytes);
      const result = run([
        'evaluate',
        '--cluster',
        join(dir, name),
        '--policies',
        fx('policies.yaml'),
        ...flows,
      ]);
      expect(result.stderr, name).toBe('');
      expect(allowed(result), name).toEqual(expected);
    }
  });

  test('UTF-16 without a byte-order mark is named, not parsed as garbage', () => {
    const file = join(temporary(), 'nobom.yaml');
    writeFileSync(file, Buffer.from(readFixture('policies.yaml'), 'utf16le'));
    const result = run(['lint', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${file} looks like UTF-16 LE text without a byte-order mark`);
    expect(result.stdout).toContain('1 error(s)');
  });

  test('invalid UTF-8 is an error at its byte offset and line, not a silent U+FFFD', () => {
    const file = join(temporary(), 'latin1.yaml');
    const head = Buffer.from('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: caf');
    writeFileSync(
      file,
      Buffer.concat([
        head,
        Buffer.from([0xe9]),
        Buffer.from(', namespace: data}\nspec: {podSelector: {}}\n'),
      ]),
    );
    const result = run(['lint', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${file}:3:21: ${file} is not valid UTF-8 text at byte offset ${head.length} (0xe9); save it as UTF-8 [input/invalid-utf-8]`,
    );
  });
});

describe('directories, several files and standard input', { timeout: 120_000 }, () => {
  /** The fixture repository in a temporary folder, with what a real one has: node_modules, a link loop. */
  function repository(): string {
    const dir = join(temporary(), 'repo');
    cpSync(fx('repo'), dir, { recursive: true });
    mkdirSync(join(dir, 'node_modules', 'chart'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'chart', 'broken.yaml'), 'kind: [unclosed\n');
    symlinkSync('..', join(dir, 'apps', 'data', 'up'));
    return dir;
  }

  const flows = ['--flows', fx('flows.yaml'), '--output', 'json'];
  const verdicts = (r: { stdout: string }): boolean[] =>
    (JSON.parse(r.stdout) as { results: { allowed: boolean }[] }).results.map((x) => x.allowed);

  test('--manifests takes a repository: cluster objects and policies split by kind, other files skipped', () => {
    const result = run(['evaluate', '--manifests', repository(), ...flows]);
    expect(result.code).toBe(0);
    // Both policies apply (one sits beside its pod, one in a nested JSON file); hidden folders,
    // node_modules and README.md are not read; a link back up the tree is read once.
    expect(verdicts(result)).toEqual([true, false, false, false]);
    expect(result.stderr).toMatch(
      /warning: skipped 1 file\(s\) .* no Kubernetes objects .*repo\/values\.yaml \[input\/no-manifests\]/,
    );
    expect(result.stderr).not.toContain('broken.yaml');
    expect(result.stderr).not.toContain('ci.yaml');
    const lint = run(['lint', '--manifests', repository()]);
    expect(lint.code).toBe(0);
    expect(lint.stdout).toContain('0 error(s), 1 warning(s)');
  });

  test('--cluster and --policies take directories (nested, .yaml/.yml/.json) and several values', () => {
    const dir = repository();
    const split = run([
      'evaluate',
      '--cluster',
      join(dir, 'namespaces.yaml'),
      join(dir, 'apps'),
      '--policies',
      join(dir, 'policies'),
      ...flows,
    ]);
    expect(split.code).toBe(0);
    // Only the nested policies folder is policies: the policy in apps/ is a cluster file's business.
    expect(verdicts(split)).toEqual([true, true, true, false]);
    const repeated = run([
      'evaluate',
      '--cluster',
      fx('cluster.yaml'),
      '--policies',
      fx('policies.yaml'),
      '--policies',
      join(dir, 'policies'),
      ...flows,
    ]);
    expect(verdicts(repeated)).toEqual([true, false, false, false]);
  });

  test('several files: each diagnostic names its own file and line', () => {
    const dir = temporary();
    const cluster2 = join(dir, 'more-cluster.yaml');
    writeFileSync(
      cluster2,
      'apiVersion: v1\nkind: Pod\nmetadata: {name: cache, namespace: data}\nspec: {containers: [{name: c, ports: [{containerPort: 99999}]}]}\n',
    );
    const result = run([
      'evaluate',
      '--cluster',
      fx('cluster.yaml'),
      cluster2,
      '--policies',
      fx('policies.yaml'),
      fx('bad-policies.yaml'),
      '--flows',
      fx('flows.yaml'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${fx('bad-policies.yaml')}:6:3: strict decoding error: unknown field "spec.ingres"`,
    );
    expect(result.stderr).toMatch(new RegExp(`${cluster2}:4:\\d+: .*containerPort`));
  });

  test('a cluster file that does not parse leaves no partial cluster to lint against', () => {
    const dir = temporary();
    writeFileSync(
      join(dir, 'namespaces.yaml'),
      readFixture('cluster.yaml').split('---\n').slice(0, 3).join('---\n'),
    );
    writeFileSync(
      join(dir, 'pods.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: data\n',
    );
    const result = run([
      'lint',
      '--cluster',
      join(dir, 'namespaces.yaml'),
      '--cluster',
      join(dir, 'pods.yaml'),
      fx('policies.yaml'),
    ]);
    expect(result.stdout).toContain(`${join(dir, 'pods.yaml')}:4:1:`);
    // Without the pods, the policy's named port would look unknown: no such warning.
    expect(result.stdout).toContain('1 error(s), 0 warning(s)');
  });

  test('- reads standard input, once', () => {
    const result = child(
      [
        'evaluate',
        '--cluster',
        fx('cluster.yaml'),
        '--policies',
        '-',
        '--flows',
        fx('flows.yaml'),
        '--output',
        'json',
      ],
      {
        input: readFixture('policies.yaml'),
      },
    );
    expect(result.code).toBe(0);
    expect(verdicts(result)).toEqual([true, false, false, true]);
    const bad = child(['lint', '-'], { input: readFixture('bad-policies.yaml') });
    expect(bad.stdout).toContain('<stdin>:6:3: strict decoding error: unknown field "spec.ingres"');
    const twice = child(['evaluate', '--cluster', '-', '--policies', '-', '--flows', fx('flows.yaml')], {
      input: '',
    });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(
      'standard input (-) is already read for --cluster; it can be read only once',
    );
  });

  test('relative paths start where the user ran npm (INIT_CWD), not in the project root', () => {
    const result = spawnSync(
      'npm',
      [
        'run',
        '-s',
        'netpol',
        '--',
        'lint',
        '--cluster',
        'cluster.yaml',
        'policies.yaml',
        'bad-policies.yaml',
      ],
      {
        cwd: fixtures,
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('bad-policies.yaml:6:3: strict decoding error');
    expect(result.stdout).not.toContain('cannot read');
  });

  test('a Helm template that was not rendered gets one message pointing at helm template', () => {
    const result = run(['lint', fx('helm')]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines.filter((l) => l.includes('[input/helm-template]')).map((l) => l.split(':')[0])).toEqual([
      fx('helm/other-template.yaml'),
      fx('helm/templates/networkpolicy.yaml'),
    ]);
    expect(result.stdout).toContain(
      'render the chart first, e.g. `helm template RELEASE CHART > rendered.yaml`',
    );
    // No YAML errors besides, and quoted template text in a ConfigMap is not taken for a template.
    expect(result.stdout).toContain('2 error(s)');
    expect(result.stdout).not.toMatch(/alerts\.yaml.*helm-template/);
  });
});

describe('unknown endpoints', { timeout: 120_000 }, () => {
  const base = ['--cluster', fx('cluster.yaml'), '--policies', fx('policies.yaml')];

  test('an unknown --from/--to lists the closest names', () => {
    const result = run(['explain', ...base, '--from', 'data/serch', '--to', 'data/db', '--port', '5432']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'from: Not found: "data/serch": no pod, workload or ExternalEndpoint with that name; did you mean "data/search"?',
    );
    const far = run(['explain', ...base, '--from', 'nothing/like-it', '--to', 'data/db', '--port', '5432']);
    expect(far.stderr).toContain('with that name [flow/unknown-endpoint]');
  });

  test('a name without its namespace lists the candidates; ambiguous when there are several', () => {
    const dir = temporary();
    const cluster = join(dir, 'cluster.yaml');
    writeFileSync(
      cluster,
      `${readFixture('cluster.yaml')}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: staging}\n`,
    );
    const result = run([
      'explain',
      '--cluster',
      cluster,
      '--policies',
      fx('policies.yaml'),
      '--from',
      'frontend',
      '--to',
      'db',
      '--port',
      '5432',
    ]);
    expect(result.stderr).toContain(
      'from: Not found: "frontend": no pod, workload or ExternalEndpoint with that name; did you mean "storefront/frontend"?',
    );
    expect(result.stderr).toContain(
      'to: Not found: "db": no pod, workload, Service or ExternalEndpoint with that name; "db" is ambiguous, it is in several namespaces: "data/db", "staging/db" (write namespace/name)',
    );
  });

  test('unknown names in a flows file are placed at their line in that file', () => {
    const flows = join(temporary(), 'flows.yaml');
    writeFileSync(
      flows,
      '- {from: storefront/frontend, to: data/db, port: 5432}\n- {from: storefront/frontend, to: data/dbs, port: 5432}\n',
    );
    const result = run(['evaluate', ...base, '--flows', fx('flows.yaml'), flows]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^${flows}:2:\\d+: to: Not found: "data/dbs".*did you mean "data/db"\\?`, 'm'),
    );
  });
});

describe('--help and usage', () => {
  test('--help documents the input forms', () => {
    const help = run(['--help']).stdout;
    for (const text of [
      '--manifests IN...',
      'IN is a file, a directory or - (standard input',
      'UTF-16 with a byte-order mark',
      '16 MiB and 50,000 documents',
      'helm template',
    ])
      expect(help).toContain(text);
  });

  test('a stray argument is a usage error, not silently ignored', () => {
    const result = run([
      'matrix',
      'cluster.yaml',
      '--cluster',
      fx('cluster.yaml'),
      '--policies',
      fx('policies.yaml'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unexpected argument "cluster.yaml" for matrix');
  });
});

function readFixture(name: string): string {
  return readFileSync(fx(name), 'utf8');
}

describe('a mistake repeated many times stays readable', () => {
  test('the same diagnostic code is printed 20 times, then counted in one line', () => {
    const dir = temporary();
    const file = join(dir, 'aliases.yaml');
    const doc = (i: number): string =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p-${i}, namespace: data}\nspec:\n  podSelector: &sel {matchLabels: {app: a}}\n  ingress: [{from: [{podSelector: *sel}]}]\n`;
    writeFileSync(file, Array.from({ length: 30 }, (_, i) => doc(i)).join('---\n'));
    const result = run(['list', '--manifests', file]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines.filter((l) => l.endsWith('[yaml/alias]'))).toHaveLength(20);
    expect(lines.at(-1)).toBe('netpol: 10 more [yaml/alias] not shown (30 in all)');
    // lint's output is the diagnostics: all of them.
    expect(
      run(['lint', file])
        .stdout.split('\n')
        .filter((l) => l.endsWith('[yaml/alias]')),
    ).toHaveLength(30);
  });
});
