import { PROTOCOLS, type Protocol } from '../engine/index.ts';

/** Parsed command line: the command, repeated options and positional arguments. */
export interface ParsedArgs {
  readonly command: string | undefined;
  readonly options: ReadonlyMap<string, readonly string[]>;
  readonly positional: readonly string[];
  readonly help: boolean;
}

/** A usage error: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

const BOOLEAN_FLAGS = new Set(['help']);

/** Splits argv into command, `--name value` / `--name=value` options and positional arguments. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options = new Map<string, string[]>();
  const positional: string[] = [];
  let command: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      if (BOOLEAN_FLAGS.has(name)) continue;
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--')))
        throw new UsageError(`option --${name} needs a value`);
      options.set(name, [...(options.get(name) ?? []), value]);
      continue;
    }
    if (command === undefined) command = arg;
    else positional.push(arg);
  }
  return { command, options, positional, help };
}

/** The single value of an option, or undefined; a usage error when repeated. */
export function single(args: ParsedArgs, name: string): string | undefined {
  const values = args.options.get(name) ?? [];
  if (values.length > 1) throw new UsageError(`option --${name} may be given only once`);
  return values[0];
}

/** The single value of a required option. */
export function required(args: ParsedArgs, name: string): string {
  const value = single(args, name);
  if (value === undefined) throw new UsageError(`missing required option --${name}`);
  return value;
}

/** Rejects options the command does not know. */
export function allowOnly(args: ParsedArgs, names: readonly string[]): void {
  for (const name of args.options.keys()) {
    if (!names.includes(name))
      throw new UsageError(`unknown option --${name} for ${args.command ?? 'netpol'}`);
  }
}

/** Parses a port number option. */
export function portOption(text: string, name = 'port'): number {
  const port = Number(text);
  if (!/^[0-9]+$/.test(text) || port < 1 || port > 65535)
    throw new UsageError(`--${name} must be a number between 1 and 65535, got "${text}"`);
  return port;
}

/** Parses a protocol option (case-insensitive). */
export function protocolOption(text: string | undefined): Protocol {
  const value = (text ?? 'TCP').toUpperCase();
  const protocol = PROTOCOLS.find((p) => p === value);
  if (protocol === undefined)
    throw new UsageError(`--protocol must be TCP, UDP or SCTP, got "${text ?? ''}"`);
  return protocol;
}

/** Usage text printed by `--help` and with usage errors. */
export const USAGE = `netpol: evaluate Kubernetes network policies offline

Usage:
  npm run -s netpol -- evaluate --cluster FILE --policies FILE [--policies FILE ...] --flows FILE [--output json|text]
  npm run -s netpol -- matrix   --cluster FILE --policies FILE [...] [--port N] [--protocol TCP|UDP|SCTP]
  npm run -s netpol -- explain  --cluster FILE --policies FILE [...] --from A --to B --port N [--protocol P] [--output json|text]
  npm run -s netpol -- lint     [--cluster FILE] FILE [FILE ...]
  npm run -s netpol -- --help

FILE is YAML (multi-document, kind: List) or JSON. Endpoints are namespace/pod, namespace/service
or an ExternalEndpoint's name. --flows is a list of {from, to, port, protocol}.
Common options: --ip-block-matches-pods true|false (default true; see docs/decisions/0003).

Exit codes: 0 evaluation ran (whatever the verdicts); 1 invalid input (diagnostics on stderr as
file:line:col: message); 2 usage error.

Environment: NETPOL_CLI_SOURCES=1 runs the TypeScript sources instead of the bundle that is built
in node_modules/.cache/netpol-lab/ (and rebuilt when a source file changes).`;
