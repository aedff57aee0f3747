import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { checkPage, checkSite, isExecutable, parsePolicy, scriptHash } from '../../scripts/check-csp.ts';
import { moveCspMetaFirst } from '../../scripts/csp-meta-first.ts';

const fixtures = 'tests/scripts/fixtures/csp';
const fixture = (name: string): string => readFileSync(`${fixtures}/${name}.html`, 'utf8');

/** A page with one policy and one inline classic script. */
const page = (policy: string, script = 'run()'): string =>
  `<head><meta http-equiv="content-security-policy" content="${policy}"><script>${script}</script></head>`;

describe('check-csp', () => {
  test('a page whose inline scripts are all hashed passes; data blocks, comments and styles are not scripts', () => {
    expect(checkPage(fixture('covered'))).toEqual([]);
  });

  test('an inline script without a hash fails, naming the hash it needs and how the script starts', () => {
    const problems = checkPage(fixture('uncovered-script'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^inline script not covered by a hash \(needs 'sha256-[A-Za-z0-9+/=]+'\)/);
    expect(problems[0]).toContain(`"document.title = 'injected';"`);
  });

  test('a page without a policy fails', () => {
    expect(checkPage(fixture('no-csp'))).toEqual([
      'no <meta http-equiv="content-security-policy"> on the page',
    ]);
  });

  test('the site check names each failing file and counts the pages', () => {
    const { pages, problems } = checkSite(fixtures);
    expect(pages).toBe(3);
    expect(problems.map((p) => p.split(':')[0])).toEqual(['no-csp.html', 'uncovered-script.html']);
  });

  test.each([
    ["script-src 'self' 'unsafe-inline'", 'script-src allows'],
    ["script-src 'self' 'unsafe-eval'", 'script-src allows'],
    ["default-src 'self' 'unsafe-inline'", 'default-src allows'],
    ["script-src 'self'; script-src-elem 'unsafe-inline'", 'script-src-elem allows'],
  ])('a policy with %s fails even when every script is hashed', (policy, problem) => {
    const problems = checkPage(page(`${policy} ${scriptHash('run()')}`));
    expect(problems.some((p) => p.startsWith(problem))).toBe(true);
  });

  test('script-src-elem, when present, is the directive that must hold the hash', () => {
    const hash = scriptHash('run()');
    expect(checkPage(page(`script-src 'self' ${hash}; script-src-elem 'self'`))).toHaveLength(1);
    expect(checkPage(page(`script-src 'self'; script-src-elem 'self' ${hash}`))).toEqual([]);
  });

  test('entities in the content attribute are decoded before hashes are compared', () => {
    const hash = scriptHash('run()').replaceAll("'", '&#39;');
    expect(checkPage(page(`script-src &#39;self&#39; ${hash}`))).toEqual([]);
  });

  test('only script types the browser runs are checked', () => {
    for (const type of [undefined, '', 'module', 'text/javascript', 'application/javascript', 'importmap']) {
      expect(isExecutable(type)).toBe(true);
    }
    for (const type of ['application/json', 'application/ld+json', 'text/plain', 'text/template']) {
      expect(isExecutable(type)).toBe(false);
    }
  });

  test('policies are split into directives, the first of a repeated directive winning', () => {
    const policy = parsePolicy("default-src 'self'; script-src 'self' 'sha256-a'; script-src 'none';");
    expect(policy.get('script-src')).toEqual(["'self'", "'sha256-a'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
  });

  test('hashes are the base64 SHA-256 of the exact script text', () => {
    expect(scriptHash('')).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
  });
});

describe('the CSP meta comes before every inline script', () => {
  const hash = scriptHash('run()');
  const late = `<head><meta charset="utf-8"><script>run()</script><meta http-equiv="content-security-policy" content="script-src 'self' ${hash}"></head>`;

  test('a script above the meta fails the check: the meta policy does not govern it', () => {
    expect(checkPage(late)).toEqual([
      'script before the CSP meta, so the policy does not govern it: "run()"',
    ]);
  });

  test('moving the meta to the top of <head>, after the charset, makes the page pass', () => {
    const moved = moveCspMetaFirst(late);
    expect(moved.indexOf('content-security-policy')).toBeLessThan(moved.indexOf('<script>'));
    expect(moved.startsWith('<head><meta charset="utf-8"><meta http-equiv="content-security-policy"')).toBe(
      true,
    );
    expect(checkPage(moved)).toEqual([]);
    expect(moveCspMetaFirst(moved)).toBe(moved);
  });
});
