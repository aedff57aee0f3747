import { explainFlow, renderExplanation, type Flow, type HttpRequest } from '../../engine/index.ts';
import {
  allowOnly,
  list,
  portOption,
  protocolOption,
  required,
  single,
  UsageError,
  type ParsedArgs,
} from '../args.ts';
import { InputProblems } from '../input.ts';
import { verdictJson } from './evaluate.ts';
import { analysisInputs, checkEndpoints, COMMON, loadAnalysis, outputOption } from './load.ts';
import { failed, stderrOf, type CommandResult } from './result.ts';

const REQUEST_OPTIONS = ['method', 'path', 'host', 'header'] as const;

/** The HTTP request of `--method M --path P [--host H] [--header 'Name: value']...`, if any. */
function requestOption(args: ParsedArgs): HttpRequest | undefined {
  const method = single(args, 'method');
  const path = single(args, 'path');
  const host = single(args, 'host');
  const headers = list(args, 'header');
  if (method === undefined && path === undefined && host === undefined && headers.length === 0)
    return undefined;
  if (method === undefined || path === undefined)
    throw new UsageError('an HTTP request needs both --method and --path');
  const named: Record<string, string> = {};
  for (const header of headers) {
    const colon = header.indexOf(':');
    if (colon <= 0) throw new UsageError(`--header must be "Name: value", got "${header}"`);
    named[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
  }
  return {
    method,
    path,
    ...(host !== undefined ? { host } : {}),
    ...(headers.length > 0 ? { headers: named } : {}),
  };
}

/** `explain`: one flow, both directions, in plain words; with `--method` and `--path`, one HTTP request on it. */
export function explainCommand(args: ParsedArgs): CommandResult {
  allowOnly(args, [...COMMON, 'from', 'to', 'port', 'protocol', 'output', ...REQUEST_OPTIONS]);
  const output = outputOption(args, ['text', 'json']);
  const protocol = protocolOption(single(args, 'protocol'));
  const http = requestOption(args);
  if (http && protocol !== 'TCP')
    throw new UsageError(`--method and --path need --protocol TCP, not ${protocol}`);
  const flow: Flow = {
    from: required(args, 'from'),
    to: required(args, 'to'),
    port: portOption(required(args, 'port')),
    protocol,
    ...(http ? { http } : {}),
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
