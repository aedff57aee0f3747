import {
  analyze,
  explanationLines,
  generatePolicies,
  observeTraffic,
  readHubble,
  verifyTraffic,
  type Cluster,
  type Diagnostic,
  type GenerateKind,
  type NamedLog,
  type Policy,
  type Traffic,
  type VerifiedConnection,
} from '../../engine/index.ts';
import { allowOnly, list, requiredList, single, UsageError, type ParsedArgs } from '../args.ts';
import { InputProblems, readManifests } from '../input.ts';
import { gatherTexts } from '../read/gather.ts';
import { inputDiagnostic } from '../read/read-source.ts';
import { outputOption } from './load.ts';
import { failed, stderrOf, type CommandResult } from './result.ts';

/** The formats `verify` writes. */
export const VERIFY_FORMATS = ['text', 'json', 'md'] as const;
type VerifyFormat = (typeof VERIFY_FORMATS)[number];

const KINDS: readonly GenerateKind[] = ['networkpolicy', 'cilium'];

/** What the Hubble logs and the cluster amount to, and what was said about them. */
interface ReadTraffic {
  readonly traffic: Traffic;
  readonly files: readonly string[];
  readonly bad: number;
  readonly records: number;
}

const plural = (n: number, what: string): string => `${n.toLocaleString('en')} ${what}${n === 1 ? '' : 's'}`;

/**
 * Reads the `--hubble` logs (lines that are no flow are warnings, counted: a capture often ends in a
 * cut-off line) and matches them to the cluster, or builds one from the flows. Undefined when nothing
 * could be read.
 */
function readTraffic(
  paths: readonly string[],
  cluster: Cluster | undefined,
  problems: InputProblems,
): ReadTraffic | undefined {
  const logs: NamedLog[] = [];
  let bad = 0;
  let records = 0;
  for (const input of gatherTexts(
    paths,
    'hubble',
    problems.session.traffic,
    problems.session,
    problems.diagnostics,
  )) {
    const log = readHubble(input.text, { file: input.file });
    bad += log.bad;
    records += log.records;
    problems.diagnostics.push(...log.diagnostics.map((d): Diagnostic => ({ ...d, severity: 'warning' })));
    if (log.bad > log.diagnostics.length)
      problems.diagnostics.push({
        ...inputDiagnostic(
          'hubble/bad-flow',
          input.file,
          `${input.file}: ${plural(log.bad - log.diagnostics.length, 'more line')} that could not be read not shown (${log.bad.toLocaleString('en')} in all)`,
        ),
        severity: 'warning',
      });
    if (log.flows.length === 0)
      problems.diagnostics.push(
        inputDiagnostic(
          'hubble/no-flows',
          input.file,
          `${input.file} holds no Hubble flows: expected the output of hubble observe -o json (one {"flow": {...}} per line) or -o jsonpb`,
        ),
      );
    logs.push({ file: input.file, log });
  }
  if (problems.failed || logs.length === 0) return undefined;
  const traffic = observeTraffic(logs, cluster);
  problems.diagnostics.push(...traffic.diagnostics);
  return { traffic, files: logs.map((l) => l.file ?? ''), bad, records };
}

/** The cluster and policies options of `verify` and `generate` (`--cluster` optional). */
function readClusterAndPolicies(
  args: ParsedArgs,
  policies: readonly string[],
  problems: InputProblems,
): { cluster: Cluster | undefined; policies: readonly Policy[] } | undefined {
  const cluster = list(args, 'cluster');
  const read = readManifests({ cluster, policies, manifests: [] }, problems);
  if (problems.failed || (cluster.length > 0 && !read.cluster)) return undefined;
  return read;
}

function ipOption(args: ParsedArgs): { ipBlockMatchesPods?: boolean } {
  const text = single(args, 'ip-block-matches-pods');
  if (text === undefined) return {};
  if (text !== 'true' && text !== 'false')
    throw new UsageError('--ip-block-matches-pods must be true or false');
  return { ipBlockMatchesPods: text === 'true' };
}

/** Without --cluster the workloads come from the flows, which carry no port names. */
const NO_CLUSTER_NOTE: Diagnostic = {
  code: 'hubble/no-cluster',
  severity: 'info',
  path: '',
  message:
    'no --cluster: the workloads are built from the flows, which name no ports, so a named port in a policy matches nothing; give --cluster to resolve them',
};

/** A line of counts: `73 flows: 20 connections, 1 dropped, 36 replies`. */
function countsLine(read: ReadTraffic): string {
  const c = read.traffic.counts;
  const parts = [
    plural(read.traffic.connections.length, 'connection'),
    `${read.traffic.dropped.length.toLocaleString('en')} dropped`,
    plural(c.replies, 'reply').replace('replys', 'replies'),
    ...(c.icmp > 0 ? [`${c.icmp.toLocaleString('en')} ICMP`] : []),
    ...(c.otherVerdict > 0 ? [`${c.otherVerdict.toLocaleString('en')} with verdict ERROR or unknown`] : []),
    ...(c.unsupported + c.unmatched > 0
      ? [`${(c.unsupported + c.unmatched).toLocaleString('en')} left out`]
      : []),
    ...(read.bad > 0 ? [`${plural(read.bad, 'line')} not read`] : []),
  ];
  return `note: ${plural(c.flows, 'flow')} read from ${read.files.join(', ')}: ${parts.join(', ')}`;
}

function seenText(v: VerifiedConnection): string {
  const at = v.flow.file ? `${v.flow.file}:${v.flow.line}` : `line ${v.flow.line}`;
  const audited = v.flow.audited > 0 ? `, ${v.flow.audited} only in audit mode` : '';
  const between = v.flow.pods === 'two-pods' ? ' between two of its pods' : '';
  return `seen ${v.count === 1 ? 'once' : `${v.count.toLocaleString('en')} times`}${between}${audited}, first at ${at}`;
}

function verdictSummary(observed: number, denied: number): string {
  return denied === 0
    ? `all ${plural(observed, 'observed connection')} would be allowed`
    : `${denied.toLocaleString('en')} of ${plural(observed, 'observed connection')} would be denied`;
}

function renderVerify(
  format: VerifyFormat,
  connections: readonly VerifiedConnection[],
  read: ReadTraffic,
): string {
  const denied = connections.filter((c) => !c.allowed);
  const summary = verdictSummary(connections.length, denied.length);
  if (format === 'json')
    return `${JSON.stringify(
      {
        observed: connections.length,
        allowed: connections.length - denied.length,
        denied: denied.map((v) => ({
          from: v.flow.from,
          to: v.flow.to,
          port: v.flow.port,
          protocol: v.flow.protocol,
          count: v.count,
          audited: v.flow.audited,
          ...(v.flow.pods ? { pods: v.flow.pods } : {}),
          seenAt: { file: v.flow.file ?? null, line: v.flow.line },
          outcome: v.verdict.outcome,
          explanation: explanationLines(v.explanation).map((l) => `${'  '.repeat(l.depth)}${l.text}`),
        })),
        flows: read.traffic.counts.flows,
        dropped: read.traffic.dropped.length,
        badLines: read.bad,
      },
      null,
      2,
    )}\n`;
  if (format === 'md') {
    const rows = denied.map((v) => {
      const why = explanationLines(v.explanation)
        .slice(1)
        .map((l) => l.text.replace(/\|/g, '\\|'))
        .join('<br>');
      const seen = `${v.count}${v.flow.pods === 'two-pods' ? ' (between two of its pods)' : ''}`;
      return `| ${v.flow.from} | ${v.flow.to} | ${v.flow.port}/${v.flow.protocol} | ${seen} | ${why} |`;
    });
    return [
      `**${summary[0]?.toUpperCase() ?? ''}${summary.slice(1)}.**`,
      ...(rows.length > 0
        ? ['', '| Source | Destination | Port | Seen | Why |', '| --- | --- | --- | --- | --- |', ...rows]
        : []),
      '',
    ].join('\n');
  }
  const blocks = denied.map((v) => {
    const [head, ...rest] = explanationLines(v.explanation);
    return [
      head?.text ?? '',
      `  ${seenText(v)}`,
      ...rest.map((l) => `${'  '.repeat(l.depth)}${l.text}`),
    ].join('\n');
  });
  return `${[...blocks, `${summary[0]?.toUpperCase() ?? ''}${summary.slice(1)}.`].join('\n\n')}\n`;
}

/**
 * `verify`: every connection of the Hubble logs that ran (not dropped, not a reply) evaluated against the
 * policies; prints those that would be denied with their explanation and how often they were seen.
 * Exit 0 when all are allowed, 3 when some are denied.
 */
export function verifyCommand(args: ParsedArgs): CommandResult {
  allowOnly(args, ['hubble', 'policies', 'cluster', 'output', 'ip-block-matches-pods']);
  const format = outputOption(args, VERIFY_FORMATS);
  const hubble = requiredList(args, 'hubble');
  const policyFiles = requiredList(args, 'policies');
  const options = ipOption(args);
  const problems = new InputProblems();
  const read = readClusterAndPolicies(args, policyFiles, problems);
  const traffic = read && readTraffic(hubble, read.cluster, problems);
  if (!read || !traffic) return failed(problems);
  if (!read.cluster) problems.diagnostics.push(NO_CLUSTER_NOTE);
  const handle = analyze(traffic.traffic.cluster, read.policies, options);
  const verified = verifyTraffic(traffic.traffic, traffic.traffic.cluster, handle);
  return {
    stdout: renderVerify(format, verified.connections, traffic),
    stderr: `${stderrOf(problems.diagnostics, { notes: true })}${countsLine(traffic)}\n`,
    code: verified.denied.length > 0 ? 3 : 0,
  };
}

/**
 * `generate`: least-privilege policies from the Hubble logs (NetworkPolicy or CiliumNetworkPolicy), proven
 * by the engine before they are printed: every observed connection allowed, and what else they allow.
 */
export function generateCommand(args: ParsedArgs): CommandResult {
  allowOnly(args, ['hubble', 'cluster', 'kind', 'ip-block-matches-pods']);
  const hubble = requiredList(args, 'hubble');
  const kindText = single(args, 'kind') ?? 'networkpolicy';
  const kind = KINDS.find((k) => k === kindText.toLowerCase());
  if (kind === undefined) throw new UsageError(`--kind must be networkpolicy or cilium, got "${kindText}"`);
  const options = ipOption(args);
  const problems = new InputProblems();
  const read = readClusterAndPolicies(args, [], problems);
  const traffic = read && readTraffic(hubble, read.cluster, problems);
  if (!read || !traffic) return failed(problems);
  const generated = generatePolicies(traffic.traffic, traffic.traffic.cluster, {
    kind,
    source: traffic.files.join(', '),
    engine: options,
  });
  const stderr = `${stderrOf(problems.diagnostics, { notes: true })}${countsLine(traffic)}\n`;
  if (!generated.proof.allObservedAllowed) {
    const denied = generated.proof.denied.map((v) => `netpol: ${v.explanation.headline}`).join('\n');
    return {
      stdout: '',
      stderr: `${stderr}netpol: the generated policies would deny observed connections, so they are not printed:\n${denied}\n`,
      code: 1,
    };
  }
  return { stdout: generated.text, stderr, code: 0 };
}
