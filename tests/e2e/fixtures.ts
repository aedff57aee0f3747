import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { axeExceptions } from './axe-exceptions.ts';

/** What went wrong in the test's pages: uncaught exceptions, console errors and CSP violations. */
export interface PageProblems {
  /** Every problem so far, each prefixed by its kind (`page error:`, `console error:`, `CSP violation:`). */
  readonly errors: string[];
  /**
   * Lets console errors matching `pattern` through for this test only, for a test that causes them on
   * purpose (such as opening a missing page). The reason is recorded on the report. Page errors are let
   * through only when `pageErrors` is set, for a test that breaks the browser on purpose (blocked storage
   * makes Starlight's own theme scripts throw). CSP violations can never be allowed.
   */
  allow(pattern: RegExp, reason: string, options?: { readonly pageErrors?: boolean }): void;
}

/** Runs axe on the page (WCAG 2.2 A/AA) and returns violations not listed in axe-exceptions.ts. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes
      .filter(
        (node) =>
          !axeExceptions.some((e) => e.rule === violation.id && node.target.join(' ').includes(e.target)),
      )
      .map((node) => `${violation.id}: ${violation.help} at ${node.target.join(' ')}`),
  );
}

type Kind = 'page error' | 'console error' | 'CSP violation';
type Recorder = (kind: Kind, text: string) => void;

const cspBinding = '__netpolLabCspViolation';

/** Runs in every document before its own scripts: forwards CSP violation events to the test. */
function forwardCspViolations(binding: string): void {
  document.addEventListener('securitypolicyviolation', (event) => {
    const report = (window as unknown as { [name: string]: ((text: string) => Promise<void>) | undefined })[
      binding
    ];
    const where = event.sourceFile === '' ? '' : ` (${event.sourceFile}:${event.lineNumber})`;
    const blocked = event.blockedURI === '' ? 'inline' : event.blockedURI;
    void report?.(`${event.effectiveDirective} blocked ${blocked}${where} ${event.sample}`.trim());
  });
}

/** Records page errors, console errors and CSP violations of every page the context opens. */
async function watchContext(context: BrowserContext, record: Recorder): Promise<void> {
  await context.exposeBinding(cspBinding, (_source, text: string) => record('CSP violation', text));
  await context.addInitScript(forwardCspViolations, cspBinding);
  context.on('weberror', (error) => record('page error', error.error().message));
  context.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium also logs each violation ("Refused to load …", "Executing inline script violates the
    // following Content Security Policy directive …").
    const text = message.text();
    const csp = text.startsWith('Refused to') || text.includes('Content Security Policy');
    record(csp ? 'CSP violation' : 'console error', text);
  });
}

/**
 * `test` with an automatic `problems` fixture: every page of the test, including pages of contexts the
 * test opens with `browser.newContext()`, is watched, and the test fails at teardown if any page reported
 * an error or a CSP violation. Tests may still assert `problems.errors` at a point of their choosing.
 */
export const test = base.extend<{ problems: PageProblems }>({
  problems: [
    async ({ context, browser }, use, testInfo) => {
      const recorded: { kind: Kind; text: string }[] = [];
      const allowed: { pattern: RegExp; kinds: readonly Kind[] }[] = [];
      const record: Recorder = (kind, text) => recorded.push({ kind, text });
      const problems: PageProblems = {
        get errors() {
          return recorded
            .filter(({ kind, text }) => !allowed.some((a) => a.kinds.includes(kind) && a.pattern.test(text)))
            .map(({ kind, text }) => `${kind}: ${text}`);
        },
        allow(pattern, reason, options = {}) {
          const kinds: Kind[] = options.pageErrors ? ['console error', 'page error'] : ['console error'];
          allowed.push({ pattern, kinds });
          testInfo.annotations.push({
            type: `allowed ${kinds.join(', ')}s`,
            description: `${pattern}: ${reason}`,
          });
        },
      };
      await watchContext(context, record);
      // Contexts a test opens itself are watched too. Playwright has no event for a new context, so the
      // browser's method is wrapped for this test only (one test runs at a time in a worker).
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const created = await newContext(options);
        await watchContext(created, record);
        return created;
      };
      try {
        await use(problems);
      } finally {
        // Drops the wrapper: the browser's own method (on its prototype) shows through again.
        Reflect.deleteProperty(browser, 'newContext');
      }
      const errors = problems.errors;
      if (errors.length > 0) {
        throw new Error(`The test's pages reported ${errors.length} problem(s):\n  ${errors.join('\n  ')}`);
      }
    },
    { auto: true },
  ],
});

export { expect };
