import {
  analyze,
  describeExposure,
  describeOpenRule,
  formatDiagnostic,
  renderExposure,
  summarizeExposure,
  type Cluster,
  type Exposure,
  type PortProtocol,
} from '../../engine/index.ts';
import { allowOnly, list, portOption, protocolOption, single, UsageError, type ParsedArgs } from '../args.ts';
import { InputProblems, readManifests } from '../input.ts';
import { outputOption } from './load.ts';
import { noteLines, report, type CommandResult } from './result.ts';

/** The port the summary counts pod pairs on: `--port`/`--protocol`, else the scenario's first port, else 80/TCP. */
function summaryPort(args: ParsedArgs, cluster: Cluster): PortProtocol {
  const port = single(args, 'port');
  const protocol = single(args, 'protocol');
  if (port !== undefined) return { port: portOption(port), protocol: protocolOption(protocol) };
  const first = cluster.scenario?.ports[0];
  return first
    ? { port: first.port, protocol: protocol ? protocolOption(protocol) : first.protocol }
    : { port: 80, protocol: protocolOption(protocol) };
}

/** The summary as JSON: each item with one sentence and what is behind it (rules as `file:line`). */
function exposureJson(exposure: Exposure): unknown {
  return {
    pods: exposure.pods,
    items: exposure.items.map((item) => ({
      ...item,
      ...('rules' in item
        ? {
            rules: item.rules.map((r) => ({
              ...r,
              policy: { kind: r.policy.kind, name: r.policy.name, namespace: r.policy.namespace },
              text: describeOpenRule(r),
            })),
          }
        : {}),
      text: describeExposure(item, exposure.pods),
    })),
  };
}

/**
 * `lint`: validation errors and lint warnings for policy files (cluster-aware with --cluster), on
 * stdout; what was read and skipped as a `note:` line on stderr. `--summary` adds the exposure summary.
 */
export function lintCommand(args: ParsedArgs): CommandResult {
  allowOnly(
    args,
    ['cluster', 'manifests', 'ip-block-matches-pods', 'summary', 'port', 'protocol', 'output'],
    {
      positional: true,
    },
  );
  const manifests = list(args, 'manifests');
  if (args.positional.length === 0 && manifests.length === 0)
    throw new UsageError('lint needs at least one policies FILE (or --manifests)');
  const summary = args.options.has('summary');
  const output = outputOption(args, ['text', 'json']);
  if (!summary && (args.options.has('port') || args.options.has('protocol')))
    throw new UsageError('--port and --protocol go with --summary');
  const problems = new InputProblems();
  const sources = { cluster: list(args, 'cluster'), policies: args.positional, manifests };
  const { cluster, policies } = readManifests(sources, problems);
  if (summary && !cluster) throw new UsageError('--summary needs a cluster (--cluster or --manifests)');
  const analysis = cluster ? analyze(cluster, policies) : undefined;
  if (analysis) problems.diagnostics.push(...analysis.lint());
  const exposure =
    summary && analysis && cluster ? summarizeExposure(analysis, summaryPort(args, cluster)) : undefined;
  const errors = problems.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = problems.diagnostics.filter((d) => d.severity === 'warning').length;
  const notes = noteLines(problems.diagnostics);
  const code = errors > 0 ? 1 : 0;
  const stderr = notes.map((n) => `${n}\n`).join('');
  if (output === 'json') {
    const shown = problems.diagnostics.filter((d) => d.severity !== 'info');
    const json = {
      errors,
      warnings,
      diagnostics: shown.map((d) => ({ ...d, text: formatDiagnostic(d) })),
      ...(exposure ? { summary: exposureJson(exposure) } : {}),
    };
    return { stdout: `${JSON.stringify(json, null, 2)}\n`, stderr, code };
  }
  const text = report(problems.diagnostics, { all: true });
  const tail = exposure ? `\nExposure summary:\n${renderExposure(exposure).join('\n')}\n` : '';
  return {
    stdout: `${text ? `${text}\n` : ''}${errors} error(s), ${warnings} warning(s)\n${tail}`,
    stderr,
    code,
  };
}
