import { test as base, expect, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { axeExceptions } from './axe-exceptions.ts';

/** Errors the page reported: uncaught exceptions, console errors and CSP violations. */
export interface PageProblems {
  readonly errors: string[];
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

/** `test` with a `problems` fixture that collects page errors, console errors and CSP violations. */
export const test = base.extend<{ problems: PageProblems }>({
  problems: async ({ page }, use) => {
    const problems: PageProblems = { errors: [] };
    page.on('pageerror', (error) => problems.errors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.errors.push(`console error: ${message.text()}`);
    });
    await use(problems);
  },
});

export { expect };
