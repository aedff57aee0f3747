import { explainFlow, renderExplanation, type Flow } from '../../engine/index.ts';
import { allowOnly, portOption, protocolOption, required, single, type ParsedArgs } from '../args.ts';
import { InputProblems } from '../input.ts';
import { verdictJson } from './evaluate.ts';
import { analysisInputs, checkEndpoints, COMMON, loadAnalysis, outputOption } from './load.ts';
import { failed, stderrOf, type CommandResult } from './result.ts';

/** `explain`: one flow, both directions, in plain words. */
export function explainCommand(args: ParsedArgs): CommandResult {
  allowOnly(args, [...COMMON, 'from', 'to', 'port', 'protocol', 'output']);
  const output = outputOption(args, ['text', 'json']);
  const flow: Flow = {
    from: required(args, 'from'),
    to: required(args, 'to'),
    port: portOption(required(args, 'port')),
    protocol: protocolOption(single(args, 'protocol')),
  };
  const problems = new InputProblems();
  const analysis = loadAnalysis(analysisInputs(args), problems);
  if (!analysis) return failed(problems);
  checkEndpoints(analysis, flow, problems);
  if (problems.failed) return failed(problems);
  const verdict = analysis.evaluateFlow(flow);
  const stdout =
    output === 'json' ? JSON.stringify(verdictJson(verdict)) : renderExplanation(explainFlow(verdict));
  return { stdout: `${stdout}\n`, stderr: stderrOf(problems.diagnostics), code: 0 };
}
