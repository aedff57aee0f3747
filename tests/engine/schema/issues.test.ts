import { expect, test } from 'vitest';
import { encodeWorkshop, loadCluster } from '../../../src/engine/index.ts';
import { formatIssue, formatIssues, issuePath } from '../../../src/engine/schema/issues.ts';

test('an issue reads as field path, then message; the path is written as the API server writes it', () => {
  expect(formatIssue({ path: ['goals', 1, 'expect'], message: 'Invalid option' })).toBe(
    'goals[1].expect: Invalid option',
  );
  expect(formatIssue({ path: ['title'], message: 'Too small' }, ['spec'])).toBe('spec.title: Too small');
});

test('an issue about the whole value has no field', () => {
  expect(formatIssue({ path: [], message: 'Invalid input: expected object' })).toBe(
    'Invalid input: expected object',
  );
});

test('symbols in a path become text', () => {
  expect(issuePath({ path: [Symbol('x'), 0], message: '' }, ['spec'])).toEqual(['spec', 'Symbol(x)', 0]);
});

test('several issues follow the file name in one line', () => {
  const issues = [
    { path: ['title'], message: 'Required' },
    { path: ['goals', 0, 'port'], message: 'Too big' },
  ];
  expect(formatIssues(issues, 'a.yaml')).toBe('a.yaml: title: Required; goals[0].port: Too big');
  expect(formatIssues(issues)).toBe('title: Required; goals[0].port: Too big');
});

test('a bad Scenario spec is a diagnostic worded field path first', () => {
  const result = loadCluster(
    'apiVersion: netpol-lab/v1\nkind: Scenario\nmetadata: {name: s}\nspec: {title: ""}\n',
  );
  expect(result.diagnostics[0]).toMatchObject({ code: 'invalid-value', path: 'spec.title' });
  expect(result.diagnostics[0]?.message).toMatch(/^spec\.title: Too small: /);
});

test('a workshop that cannot be encoded says which field is wrong', async () => {
  const result = await encodeWorkshop({ title: 'x'.repeat(201), exercises: [{ ref: 'basics/a' }] });
  expect(result.ok ? '' : result.message).toMatch(/^The workshop is not valid: title: Too big: /);
});
