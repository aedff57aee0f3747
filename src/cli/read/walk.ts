import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../engine/index.ts';
import { inputDiagnostic, refusedType, unreadable } from './read-source.ts';

/** A file found in a directory: where it is and the name diagnostics give it. */
export interface FoundFile {
  readonly path: string;
  readonly shown: string;
}

/** What walking one directory found, and what it had to say. */
export interface WalkResult {
  readonly files: readonly FoundFile[];
  readonly diagnostics: readonly Diagnostic[];
}

const MANIFEST_FILE = /\.(?:ya?ml|json)$/i;

/** State shared by every walk of one command: directories seen (symbolic link loops) and entries looked at. */
export class WalkState {
  readonly seen = new Set<string>();
  entries = 0;
  readonly maxEntries: number;
  stopped = false;

  constructor(maxEntries: number) {
    this.maxEntries = maxEntries;
  }
}

/**
 * The `.yaml`, `.yml` and `.json` files under a directory, depth first in code-unit order of their
 * names (the same on every machine and locale). Hidden entries (`.git`, `.github`, ...) and
 * `node_modules` are skipped; symbolic links are followed, each directory read once (so loops end);
 * devices, sockets and pipes are skipped with a warning. Never throws.
 */
export function walkDirectory(path: string, shown: string, state: WalkState): WalkResult {
  const files: FoundFile[] = [];
  const diagnostics: Diagnostic[] = [];
  visit(path, shown, state, files, diagnostics);
  return { files, diagnostics };
}

function visit(
  path: string,
  shown: string,
  state: WalkState,
  files: FoundFile[],
  diagnostics: Diagnostic[],
): void {
  let names: string[];
  try {
    const real = realpathSync(path);
    if (state.seen.has(real)) return;
    state.seen.add(real);
    names = readdirSync(path).sort();
  } catch (error) {
    diagnostics.push(unreadable(shown, error));
    return;
  }
  for (const name of names) {
    if (state.stopped) return;
    if (++state.entries > state.maxEntries) {
      state.stopped = true;
      diagnostics.push(
        inputDiagnostic(
          'input/too-many-entries',
          shown,
          `stopped after looking at ${state.maxEntries.toLocaleString('en')} directory entries; pass the directories that hold your manifests`,
        ),
      );
      return;
    }
    if (name.startsWith('.') || name === 'node_modules') continue;
    visitEntry(join(path, name), join(shown, name), name, state, files, diagnostics);
  }
}

function visitEntry(
  path: string,
  shown: string,
  name: string,
  state: WalkState,
  files: FoundFile[],
  diagnostics: Diagnostic[],
): void {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    // A link to nothing, or a loop of links to files: nothing to read, but say so.
    diagnostics.push({
      ...unreadable(shown, error),
      severity: 'warning',
      message: `${unreadable(shown, error).message}; skipped`,
    });
    return;
  }
  if (stats.isDirectory()) return visit(path, shown, state, files, diagnostics);
  if (!MANIFEST_FILE.test(name)) return;
  if (stats.isFile()) {
    files.push({ path, shown });
    return;
  }
  const what = refusedType(stats) ?? 'a named pipe';
  diagnostics.push({
    ...inputDiagnostic('input/not-a-file', shown, `${shown} is ${what}, not a file; skipped`),
    severity: 'warning',
  });
}
