/** The commands of the command line, one module each under `commands/`. */
export type { CommandResult } from './commands/result.ts';
export { evaluateCommand, verdictJson } from './commands/evaluate.ts';
export { explainCommand } from './commands/explain.ts';
export { lintCommand } from './commands/lint.ts';
export { matrixCommand } from './commands/matrix.ts';
export { listCommand } from './commands/list.ts';
export { diffCommand } from './commands/diff.ts';
export { verifyCommand, generateCommand } from './commands/traffic.ts';
