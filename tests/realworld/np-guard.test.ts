/**
 * np-guard (netpol-analyzer) as an external oracle: every case of its test suite that has an expected
 * connectivity list or diff is run through `netpol list` / `netpol diff` (workloads as units, the outside as
 * address ranges) and compared pair by pair and port by port. Differences that are np-guard conventions or
 * inputs the Kubernetes API rejects are listed in EXCEPTIONS with the reason, and the reason itself is checked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run as runCommand } from '../../src/cli/main.ts';
import {
  keyed,
  lineText,
  mismatches,
  npGuardName,
  oursAsListed,
  podOwners,
  type ListJson,
  type UnitJson,
} from './np-guard-compare.ts';
import {
  connsText,
  parseConnlist,
  parseConns,
  parseDiff,
  type Diffed,
  type Listed,
} from './np-guard-format.ts';
import { defaultPodSelector, editedCopy, npGuardFolder, without } from './np-guard-inputs.ts';

function run(args: readonly string[]): { code: number; stdout: string; stderr: string } {
  const result = runCommand(args);
  return {
    code: result.code,
    stdout: `${result.stdout}${[...(result.more ?? [])].join('')}`,
    stderr: result.stderr,
  };
}

/** How a case departs from a plain comparison, and why. */
interface Exception {
  readonly reason: string;
  /** The input as given is refused with this message (checked); the comparison runs on `edit`ed input. */
  readonly refused?: string;
  readonly edit?: (object: Record<string, unknown>) => unknown;
  /** np-guard lines with this entity are not compared (checked: every np-guard line left out names it). */
  readonly leaveOut?: string;
}

const INGRESS_CONTROLLER: Exception = {
  reason:
    'np-guard adds an `{ingress-controller}` endpoint for OpenShift Routes and Ingress objects and lists what it may reach; ' +
    'NetPol Lab does not model ingress controllers (Route and Ingress are skipped kinds), so those lines are not compared',
  leaveOut: '{ingress-controller}',
};

const POD_SELECTOR_REQUIRED: Exception = {
  reason:
    'the AdminNetworkPolicy v1alpha1 CRD requires `podSelector` in a `pods` peer, so the API server rejects these policies ' +
    '(and so do we); np-guard reads a missing `podSelector` as `{}`: compared with `podSelector: {}` written in',
  refused: 'pods.podSelector: Required value',
  edit: defaultPodSelector,
};

const EXCEPTIONS: Readonly<Record<string, Exception>> = {
  'acs-security-demos': INGRESS_CONTROLLER,
  'acs-security-demos-with-netpol-list': INGRESS_CONTROLLER,
  anp_demo: POD_SELECTOR_REQUIRED,
  anp_test_3_pass_traffic: POD_SELECTOR_REQUIRED,
  netpol_named_port_test: {
    reason:
      'Deployment pod-a writes `containerport` (wrong case) for one port, so `containerPort` is missing: the API server ' +
      'rejects the Deployment (and so do we); np-guard drops it and lists the rest: compared without it',
    refused: 'containers[0].ports[1].containerPort: Required value',
    edit: without('Deployment', 'pod-a'),
  },
};

/** Cases np-guard's own suite expects to fail: what we say about each (the API server's view). */
const REJECTED: Readonly<
  Record<string, { readonly code: 0 | 1; readonly says: string; readonly reason?: string }>
> = {
  'bad_netpols/subdir1': { code: 1, says: 'ipBlock.cidr: Invalid value: "A": must be a valid CIDR value' },
  'bad_netpols/subdir2': { code: 1, says: 'spec.podSelector.matchLabels[app@b]: Invalid value' },
  'bad_netpols/subdir3': { code: 1, says: 'may not specify both ipBlock and another peer' },
  'bad_netpols/subdir4': { code: 1, says: 'Required value: must specify a peer' },
  'bad_netpols/subdir5': {
    code: 0,
    says: 'no selected pod defines a container port named `abc` (TCP), so this port matches nothing [lint/unknown-named-port]',
    reason:
      'a named port no container declares is valid Kubernetes (it matches nothing): a lint warning, not an error as in np-guard',
  },
  'bad_netpols/subdir6': {
    code: 0,
    says: 'no pod defines a container port named `abc` (TCP), so this port matches nothing [lint/unknown-named-port]',
    reason:
      'a named port beside an ipBlock peer is valid Kubernetes (it matches no address outside the cluster): a warning',
  },
  'bad_netpols/subdir7': { code: 1, says: 'matchLabels.app: Invalid value: "$backendservice"' },
  document_with_syntax_error: {
    code: 1,
    says: 'document_with_syntax_error.yaml:225:30: Unexpected scalar at node end [yaml/syntax]',
  },
  bad_yamls: {
    code: 0,
    says: 'skipped 1 file(s) found in directories that hold no Kubernetes objects',
    reason:
      'np-guard checks its warnings for these files; they hold no connectivity, and we read them with one warning',
  },
};

/** Input folders that have no expected output of their own. */
const NOT_COMPARED: Readonly<Record<string, string>> = {
  only_pods_test: 'np-guard has no expected connectivity list for it (it is read without errors: checked)',
  deny_all_to_from_a_deployment:
    'np-guard has no expected connectivity list for it (it is read without errors: checked)',
};

const { folder, looked } = npGuardFolder();

/** The pairs np-guard lists and we list, keyed alike, with what np-guard lines were left out. */
function compareList(
  name: string,
  dir: string,
  exception: Exception | undefined,
): { expected: Map<string, string>; actual: Map<string, string>; left: Listed[] } {
  const result = run(['list', '--manifests', dir, '--output', 'json']);
  expect(result.code, `${name}: ${result.stderr}`).toBe(0);
  const ours = oursAsListed(
    (JSON.parse(result.stdout) as { connections: ListJson[] }).connections,
    podOwners(dir),
  );
  const all = parseConnlist(
    readFileSync(join(folder ?? '', 'expected', `${name}_connlist_output.txt`), 'utf8'),
  );
  const names = (l: Listed): string[] =>
    [l.src, l.dst].map((e) => (e.kind === 'ingress-controller' ? '{ingress-controller}' : ''));
  const left = all.filter((l) => exception?.leaveOut !== undefined && names(l).includes(exception.leaveOut));
  const theirs = all.filter((l) => !left.includes(l));
  const [expected = new Map<string, string>(), actual = new Map<string, string>()] = keyed<Listed>(
    [theirs, ours],
    lineText,
  );
  return { expected, actual, left };
}

/** Our diff in np-guard's terms. */
function oursAsDiffed(newDir: string, oldDir: string): Diffed[] {
  const result = run(['diff', '--manifests', newDir, '--against', oldDir, '--output', 'json']);
  expect(result.code, result.stderr).not.toBe(1);
  const owners = podOwners(newDir);
  const json = JSON.parse(result.stdout) as {
    changes: { kind: string; before: string; after: string; source: UnitJson; destination: UnitJson }[];
  };
  return json.changes.map((c) => ({
    type: c.kind,
    src: npGuardName(c.source, owners),
    dst: npGuardName(c.destination, owners),
    old: parseConns(c.before),
    conns: parseConns(c.after),
  }));
}

const diffText = (d: Diffed): string => `${connsText(d.old)} -> ${connsText(d.conns)}`;

describe('np-guard as an oracle', { timeout: 300_000 }, () => {
  test('np-guard’s cases are beside the clone', () => {
    expect(
      folder,
      `np-guard's test data not found; looked in: ${looked.join(', ')} (see ../shared/realworld/README.md)`,
    ).toBeDefined();
  });
  if (folder === undefined) return;
  const expectedFiles = readdirSync(join(folder, 'expected'));
  const listCases = expectedFiles.flatMap((f) => /^(.+)_connlist_output\.txt$/.exec(f)?.[1] ?? []).sort();

  describe('connectivity lists', () => {
    test.each(listCases)('%s', (name) => {
      const exception = EXCEPTIONS[name];
      const given = join(folder, name);
      if (exception?.refused !== undefined) {
        const refused = run(['list', '--manifests', given]);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain(exception.refused);
      }
      const dir = exception?.edit ? editedCopy(given, exception.edit) : given;
      const { expected, actual, left } = compareList(name, dir, exception);
      if (exception?.leaveOut !== undefined) expect(left.length, 'lines left out').toBeGreaterThan(0);
      expect(mismatches(expected, actual)).toEqual([]);
    });
  });

  test('the comparison sees a one-port difference, a missing pair and an address range split differently', () => {
    const dir = join(folder, 'minimal_test_in_ns');
    const result = run(['list', '--manifests', dir, '--output', 'json']);
    const ours = oursAsListed(
      (JSON.parse(result.stdout) as { connections: ListJson[] }).connections,
      podOwners(dir),
    );
    const text = readFileSync(join(folder, 'expected', 'minimal_test_in_ns_connlist_output.txt'), 'utf8');
    const altered = text
      .replace('TCP 8050', 'TCP 8051')
      .replace(/^hello-world\/workload-b\[Deployment\] => 0\.0\.0\.0.*\n/m, '')
      .replace(
        '0.0.0.0-255.255.255.255[External] => hello-world/workload-b[Deployment] : All Connections',
        '0.0.0.0-127.255.255.255[External] => hello-world/workload-b[Deployment] : All Connections',
      );
    const [expected = new Map<string, string>(), actual = new Map<string, string>()] = keyed<Listed>(
      [parseConnlist(altered), ours],
      lineText,
    );
    expect(mismatches(expected, actual)).toEqual([
      '128.0.0.0-255.255.255.255 => hello-world/workload-b[Deployment]: np-guard No Connections, netpol All Connections',
      'hello-world/workload-b[Deployment] => 0.0.0.0-127.255.255.255: np-guard No Connections, netpol All Connections',
      'hello-world/workload-b[Deployment] => 128.0.0.0-255.255.255.255: np-guard No Connections, netpol All Connections',
      'hello-world/workload-b[Deployment] => hello-world/workload-a[Deployment]: np-guard TCP 8051, netpol TCP 8050',
    ]);
  });

  test('the JSON lists say what the text lists say', () => {
    for (const file of expectedFiles.filter((f) => f.endsWith('_connlist_output.json'))) {
      const json = JSON.parse(readFileSync(join(folder, 'expected', file), 'utf8')) as {
        src: string;
        dst: string;
        conn: string;
      }[];
      const text = readFileSync(join(folder, 'expected', file.replace(/\.json$/, '.txt')), 'utf8');
      expect(json.map((e) => `${e.src} => ${e.dst} : ${e.conn}`).sort()).toEqual(
        text.trim().split('\n').sort(),
      );
    }
  });

  test('onlineboutique pod by pod: np-guard’s connections map', () => {
    const dir = join(folder, 'onlineboutique');
    const result = run(['list', '--manifests', dir, '--output', 'json']);
    const ours = new Map(
      (JSON.parse(result.stdout) as { connections: ListJson[] }).connections.map((c) => [
        `${c.src} => ${c.dst}`,
        connsText(parseConns(c.conn)),
      ]),
    );
    const lines = readFileSync(join(dir, 'connections_map_output.txt'), 'utf8').trim().split('\n');
    const wrong = lines.flatMap((line) => {
      const [, src = '', dst = '', conn = ''] =
        /^src: (.+), dest: (.+), allowed conns: (.+)$/.exec(line) ?? [];
      // A pod to itself is never blocked (loopback); the list leaves self pairs out.
      if (src === dst) return conn === 'All Connections' ? [] : [line];
      const got = ours.get(`${src} => ${dst}`) ?? 'No Connections';
      return got === connsText(parseConns(conn)) ? [] : [`${line} (netpol: ${got})`];
    });
    expect(lines.length).toBe(144);
    expect(wrong).toEqual([]);
  });

  describe('diffs', () => {
    const diffs = expectedFiles.filter((f) => f.includes('diff_between_'));
    test.each(diffs)('%s', (file) => {
      const [, newName = '', oldName = ''] = /diff_between_(.+)_and_(.+)\.txt$/.exec(file) ?? [];
      const theirs = parseDiff(readFileSync(join(folder, 'expected', file), 'utf8'));
      expect(theirs.length).toBeGreaterThan(0);
      const ours = oursAsDiffed(join(folder, newName), join(folder, oldName));
      const [expected = new Map<string, string>(), actual = new Map<string, string>()] = keyed<Diffed>(
        [theirs, ours],
        diffText,
      );
      expect(mismatches(expected, actual)).toEqual([]);
    });
  });

  describe('inputs np-guard rejects', () => {
    test.each(Object.entries(REJECTED))('%s', (name, { code, says }) => {
      const result = run(['lint', '--manifests', join(folder, name)]);
      expect(result.code).toBe(code);
      expect(result.stdout).toContain(says);
    });
  });

  test('every case folder is compared, rejected or listed with its reason', () => {
    const diffSides = expectedFiles.flatMap(
      (f) => /diff_between_(.+)_and_(.+)\.txt$/.exec(f)?.slice(1) ?? [],
    );
    const covered = new Set([
      ...listCases,
      ...diffSides,
      ...Object.keys(REJECTED).map((n) => n.split('/')[0] ?? ''),
      ...Object.keys(NOT_COMPARED),
    ]);
    const folders = readdirSync(folder, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== 'expected')
      .map((d) => d.name);
    expect(folders.filter((f) => !covered.has(f))).toEqual([]);
    for (const name of Object.keys(NOT_COMPARED))
      expect(run(['lint', '--manifests', join(folder, name)]).code).toBe(0);
  });
});
