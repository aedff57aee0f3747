import { isAbsolute, resolve } from 'node:path';

/**
 * The directory relative paths start from: the one the user ran the command in. npm runs every
 * script in the project root and records where it was invoked in `INIT_CWD`; that is used only for
 * the `netpol` script itself, since other scripts (tests, benchmarks) start the CLI with paths of
 * their own while `INIT_CWD` is still set from the outer `npm run`.
 */
export function baseDirectory(): string {
  const invoked = process.env.INIT_CWD;
  return invoked && process.env.npm_lifecycle_event === 'netpol' ? invoked : process.cwd();
}

/** A path as the user gave it, resolved against `baseDirectory()`. */
export function resolveInput(path: string, base = baseDirectory()): string {
  return isAbsolute(path) ? path : resolve(base, path);
}
