import { allowOnly, type ParsedArgs } from '../args.ts';
import { listAnalyses, connectivityList, type Outside } from '../connectivity/connlist.ts';
import { LIST_FORMATS, renderList } from '../connectivity/render-list.ts';
import { InputProblems } from '../input.ts';
import { analysisInputs, COMMON, engineOptions, loadInputs, outputOption } from './load.ts';
import { failed, stderrOf, type CommandResult } from './result.ts';

/** The note that says what stands for the outside of the cluster. */
export function outsideNote(outside: Outside): string {
  return outside === 'declared'
    ? 'note: the outside of the cluster is its ExternalEndpoints'
    : 'note: no ExternalEndpoints declared: the outside of the cluster is listed as the address ranges the policies tell apart (first-last)';
}

/**
 * `list`: the connectivity list, one line per unit pair that may connect, with its ports (`All
 * Connections` when every port and protocol is open); what was read as `note:` lines on stderr.
 */
export function listCommand(args: ParsedArgs): CommandResult {
  allowOnly(args, [...COMMON, 'output']);
  const format = outputOption(args, LIST_FORMATS);
  const inputs = analysisInputs(args);
  const problems = new InputProblems();
  const read = loadInputs(inputs, problems);
  if (!read) return failed(problems);
  const { analyses, outside, intervals } = listAnalyses(read.cluster, [read.policies], engineOptions(inputs));
  const analysis = analyses[0];
  const pairs = analysis ? connectivityList(analysis, intervals) : [];
  return {
    stdout: renderList(pairs, format, outside),
    stderr: `${stderrOf(problems.diagnostics, { notes: true })}${outsideNote(outside)}\n`,
    code: 0,
  };
}
