import { analyze } from '../../engine/index.ts';
import { allowOnly, list, UsageError, type ParsedArgs } from '../args.ts';
import { InputProblems, readManifests } from '../input.ts';
import { noteLines, report, type CommandResult } from './result.ts';

/**
 * `lint`: validation errors and lint warnings for policy files (cluster-aware with --cluster), on
 * stdout; what was read and skipped as a `note:` line on stderr.
 */
export function lintCommand(args: ParsedArgs): CommandResult {
  allowOnly(args, ['cluster', 'manifests', 'ip-block-matches-pods'], { positional: true });
  const manifests = list(args, 'manifests');
  if (args.positional.length === 0 && manifests.length === 0)
    throw new UsageError('lint needs at least one policies FILE (or --manifests)');
  const problems = new InputProblems();
  const sources = { cluster: list(args, 'cluster'), policies: args.positional, manifests };
  const { cluster, policies } = readManifests(sources, problems);
  if (cluster) problems.diagnostics.push(...analyze(cluster, policies).lint());
  const text = report(problems.diagnostics, { all: true });
  const errors = problems.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = problems.diagnostics.filter((d) => d.severity === 'warning').length;
  const notes = noteLines(problems.diagnostics);
  return {
    stdout: `${text ? `${text}\n` : ''}${errors} error(s), ${warnings} warning(s)\n`,
    stderr: notes.map((n) => `${n}\n`).join(''),
    code: errors > 0 ? 1 : 0,
  };
}
