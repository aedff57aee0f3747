import {
  evaluateCommand,
  explainCommand,
  lintCommand,
  matrixCommand,
  type CommandResult,
} from './commands.ts';
import { parseArgs, USAGE, UsageError } from './args.ts';

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

if (import.meta.main) {
  const result = run(process.argv.slice(2));
  // stderr first: diagnostics (warnings) are known before the results are generated.
  process.stderr.write(result.stderr);
  // Writes to files and pipes are synchronous on Linux, so chunks never pile up in memory.
  process.stdout.write(result.stdout);
  for (const chunk of result.more ?? []) process.stdout.write(chunk);
  process.exitCode = result.code;
}
