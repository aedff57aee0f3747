import { enableCompileCache } from 'node:module';
import type { CommandResult } from './commands.ts';

// The engine is about a hundred TypeScript modules; Node's compile cache (in the temp folder) lets
// later runs skip stripping and compiling them, about half a second of every run. It only covers
// modules loaded after it is enabled, hence the dynamic imports; `netpol.mjs` (the npm script) turns it
// on before this file loads. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
if (import.meta.main) enableCompileCache();
const {
  diffCommand,
  evaluateCommand,
  explainCommand,
  generateCommand,
  lintCommand,
  listCommand,
  matrixCommand,
  verifyCommand,
} = await import('./commands.ts');
const { parseArgs, USAGE, UsageError } = await import('./args.ts');

/** Runs the command line and returns what to print; never throws for user mistakes. */
export function run(argv: readonly string[]): CommandResult {
  try {
    const args = parseArgs(argv);
    if (args.help || args.command === 'help') return { stdout: `${USAGE}\n`, stderr: '', code: 0 };
    switch (args.command) {
      case 'evaluate':
        return evaluateCommand(args);
      case 'matrix':
        return matrixCommand(args);
      case 'explain':
        return explainCommand(args);
      case 'lint':
        return lintCommand(args);
      case 'list':
        return listCommand(args);
      case 'diff':
        return diffCommand(args);
      case 'verify':
        return verifyCommand(args);
      case 'generate':
        return generateCommand(args);
      case undefined:
        throw new UsageError('missing command');
      default:
        throw new UsageError(`unknown command "${args.command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError)
      return { stdout: '', stderr: `netpol: ${error.message}\n\n${USAGE}\n`, code: 2 };
    throw error;
  }
}

/** Runs the command line on the process's arguments and writes the result to stdout and stderr. */
export function main(): void {
  const result = run(process.argv.slice(2));
  // stderr first: diagnostics (warnings) are known before the results are generated.
  process.stderr.write(result.stderr);
  // Writes to files and pipes are synchronous on Linux, so chunks never pile up in memory.
  process.stdout.write(result.stdout);
  for (const chunk of result.more ?? []) process.stdout.write(chunk);
  process.exitCode = result.code;
}

if (import.meta.main) main();
