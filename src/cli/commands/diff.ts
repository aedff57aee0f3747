import { allowOnly, requiredList, type ParsedArgs } from '../args.ts';
import { listAnalyses } from '../connectivity/connlist.ts';
import { diffConnectivity } from '../connectivity/diff.ts';
import { DIFF_FORMATS, renderDiff } from '../connectivity/render-diff.ts';
import { InputProblems, readManifests } from '../input.ts';
import { outsideNote } from './list.ts';
import { analysisInputs, COMMON, engineOptions, loadInputs, outputOption } from './load.ts';
import { failed, stderrOf, type CommandResult } from './result.ts';

/**
 * `diff`: the connectivity of the cluster under its policies (`--policies`, or those in `--manifests`)
 * against another version of the policies (`--against`, policies taken from it, other objects ignored):
 * every unit pair and port whose answer changed, with the policy that decided it. Exit 3 when something
 * changed, 0 when nothing did.
 */
export function diffCommand(args: ParsedArgs): CommandResult {
  allowOnly(args, [...COMMON, 'against', 'output']);
  const format = outputOption(args, DIFF_FORMATS);
  const inputs = analysisInputs(args);
  const against = requiredList(args, 'against');
  const problems = new InputProblems();
  const read = loadInputs(inputs, problems);
  const before = problems.diagnostics.length;
  const old = readManifests({ cluster: [], policies: [], manifests: against }, problems);
  // Only the old version's policies count: what it says about its own cluster objects is not news.
  problems.diagnostics.splice(
    before,
    Infinity,
    ...problems.diagnostics.slice(before).filter((d) => d.severity !== 'info'),
  );
  if (!read || problems.failed) return failed(problems);
  const { analyses, outside, intervals } = listAnalyses(
    read.cluster,
    [old.policies, read.policies],
    engineOptions(inputs),
  );
  const [was, now] = analyses;
  const changes = was && now ? diffConnectivity(was, now, intervals) : [];
  return {
    stdout: renderDiff(changes, format),
    stderr: `${stderrOf(problems.diagnostics, { notes: true })}${outsideNote(outside)}\n`,
    code: changes.length > 0 ? 3 : 0,
  };
}
