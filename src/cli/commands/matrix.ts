import type { Reach, UnitMatrix } from '../../engine/index.ts';
import { allowOnly, portOption, protocolOption, single, type ParsedArgs } from '../args.ts';
import { InputProblems } from '../input.ts';
import { analysisInputs, COMMON, loadAnalysis } from './load.ts';
import { failed, stderrOf, type CommandResult } from './result.ts';

const CELL: Readonly<Record<Reach, string>> = { allowed: '.', denied: 'X', mixed: '~' };

/** Renders one port of a unit matrix as a text grid: rows are sources, one row and column per unit. */
export function renderUnitMatrix(matrix: UnitMatrix, portIndex = 0): string {
  const ids = matrix.units.map((u) => u.id);
  const width = Math.max(4, ...ids.map((id) => id.length));
  const header = `${''.padEnd(width)} ${ids.map((id) => id.padEnd(width)).join(' ')}`.trimEnd();
  const rows = ids.map((from, i) =>
    `${from.padEnd(width)} ${ids.map((_, j) => CELL[matrix.reach(i, j, portIndex)].padEnd(width)).join(' ')}`.trimEnd(),
  );
  return [header, ...rows].join('\n');
}

/**
 * `matrix`: the truth table for one port as a text grid, one row and column per unit (a workload, a pod
 * no listed workload owns, an external endpoint); rows are sources.
 */
export function matrixCommand(args: ParsedArgs): CommandResult {
  allowOnly(args, [...COMMON, 'port', 'protocol']);
  const port = portOption(single(args, 'port') ?? '80');
  const protocol = protocolOption(single(args, 'protocol'));
  const problems = new InputProblems();
  const analysis = loadAnalysis(analysisInputs(args), problems);
  if (!analysis) return failed(problems);
  const grid = renderUnitMatrix(analysis.unitMatrix([{ port, protocol }]));
  return {
    stdout: `${port}/${protocol} (rows: from, columns: to; . allowed, X denied, ~ some pods of the workload only)\n${grid}\n`,
    stderr: stderrOf(problems.diagnostics),
    code: 0,
  };
}
