import { realpathSync, statSync } from 'node:fs';
import type { Diagnostic } from '../../engine/index.ts';
import type { Encoding } from './decode.ts';
import { MAX_DIRECTORY_ENTRIES, ReadBudget } from './limits.ts';
import { resolveInput } from './paths.ts';
import { inputDiagnostic, readSource, unreadable } from './read-source.ts';
import { walkDirectory, WalkState, type FoundFile } from './walk.ts';

/** The text of one input file, and how it was found. */
export interface InputText {
  /** The name diagnostics use: the path as given, or as found under a directory that was given. */
  readonly file: string;
  readonly text: string;
  readonly encoding: Encoding;
  /** Whether it was found by walking a directory (not named by the user). */
  readonly walked: boolean;
}

/** What reading the inputs of one command shares: the budgets and standard input, which is read once. */
export class ReadSession {
  readonly manifests = ReadBudget.forManifests();
  readonly flows = ReadBudget.forFlows();
  readonly traffic = ReadBudget.forTraffic();
  stdinUsedBy: string | undefined;
}

const OVER_BUDGET = new Set(['input/too-large', 'input/too-many-documents']);

/** Name of standard input in diagnostics. */
export const STDIN_NAME = '<stdin>';

/**
 * Reads every input given for one option (`option` names it in messages): files, directories
 * (walked) and `-`, in the order given, each file once, within `budget`. Problems go to `diagnostics`.
 */
export function gatherTexts(
  paths: readonly string[],
  option: string,
  budget: ReadBudget,
  session: ReadSession,
  diagnostics: Diagnostic[],
): InputText[] {
  const texts: InputText[] = [];
  const seen = new Set<string>();
  const walk = new WalkState(MAX_DIRECTORY_ENTRIES);
  const read = (found: FoundFile | undefined, walked: boolean): void => {
    // Once the budget is spent, one message has said so: the files after it are not read.
    if (budget.spent) return;
    const shown = found?.shown ?? STDIN_NAME;
    const result = readSource(shown, found?.path, budget);
    if (!result.ok) {
      diagnostics.push(result.diagnostic);
      if (OVER_BUDGET.has(result.diagnostic.code)) budget.spent = true;
      return;
    }
    budget.bytesUsed += result.bytes;
    budget.documentsUsed += result.documents;
    texts.push({ file: shown, text: result.text, encoding: result.encoding, walked });
  };
  for (const given of paths) {
    if (given === '-') {
      if (session.stdinUsedBy !== undefined) {
        diagnostics.push(
          inputDiagnostic(
            'input/stdin-twice',
            STDIN_NAME,
            `standard input (-) is already read for --${session.stdinUsedBy}; it can be read only once`,
          ),
        );
        continue;
      }
      session.stdinUsedBy = option;
      read(undefined, false);
      continue;
    }
    const path = resolveInput(given);
    const stats = statOrReport(path, given, diagnostics);
    if (!stats) continue;
    const files = stats.isDirectory()
      ? walkAndReport(path, given, walk, diagnostics)
      : [{ path, shown: given }];
    for (const file of files) {
      const real = realOf(file.path);
      if (seen.has(real)) continue;
      seen.add(real);
      read(file, stats.isDirectory());
    }
  }
  return texts;
}

function statOrReport(path: string, given: string, diagnostics: Diagnostic[]): ReturnType<typeof statSync> {
  try {
    return statSync(path);
  } catch (error) {
    diagnostics.push(unreadable(given, error));
    return undefined;
  }
}

function walkAndReport(
  path: string,
  given: string,
  walk: WalkState,
  diagnostics: Diagnostic[],
): readonly FoundFile[] {
  const found = walkDirectory(path, given, walk);
  diagnostics.push(...found.diagnostics);
  if (found.files.length === 0 && !walk.stopped)
    diagnostics.push(
      inputDiagnostic(
        'input/empty-directory',
        given,
        `${given} holds no .yaml, .yml or .json files (hidden directories and node_modules are skipped)`,
      ),
    );
  return found.files;
}

function realOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
