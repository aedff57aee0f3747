import { expect, test } from 'vitest';
import { readChallenge } from '../../src/engine/index.ts';

const FILE = 'content/challenges/basics/example.yaml';
const VALID = [
  'title: Only b reaches a',
  'scenario: xyz',
  'task: Let b reach a.',
  "starter: ''",
  'solution: |',
  '  kind: NetworkPolicy',
  'goals:',
  '  - { from: x/b, to: x/a, port: 80, expect: allow }',
  '  - { from: x/c, to: x/a, port: 80, expect: deny }',
  'hints: [Select pod a.]',
  '',
].join('\n');

function problem(text: string): string {
  const read = readChallenge(text, { file: FILE });
  if (read.ok) throw new Error('expected the challenge to be refused');
  return read.message;
}

test('a valid file reads, with defaults filled in', () => {
  const read = readChallenge(VALID, { file: FILE });
  expect(read.ok && read.challenge.goals.map((g) => g.protocol)).toEqual(['TCP', 'TCP']);
});

test('a schema problem names the file, then the field path, then what is wrong', () => {
  expect(problem(VALID.replace('expect: deny', 'expect: maybe'))).toMatch(
    /^content\/challenges\/basics\/example\.yaml: goals\[1\]\.expect: Invalid option/,
  );
  expect(problem(`${VALID}colour: red\n`)).toBe(`${FILE}: Unrecognized key: "colour"`);
});

test('every problem is listed, not only the first', () => {
  const read = readChallenge(
    VALID.replace('port: 80, expect: allow', 'port: 0, expect: allow').replace(
      'title: Only b reaches a\n',
      '',
    ),
    { file: FILE },
  );
  expect(read.ok ? [] : read.problems).toEqual([
    expect.stringMatching(/^title: /),
    expect.stringMatching(/^goals\[0\]\.port: /),
  ]);
});

test('a file that is not a mapping is wrong as a whole: no field is named', () => {
  expect(problem('just words')).toMatch(
    /^content\/challenges\/basics\/example\.yaml: Invalid input: expected object/,
  );
});

test('broken YAML says where, in one line', () => {
  const message = problem('title: a: b\n');
  expect(message).toMatch(
    /^content\/challenges\/basics\/example\.yaml: not valid YAML: .* at line 1, column \d+$/,
  );
});

test('aliases are refused (no "billion laughs")', () => {
  expect(problem('a: &x [1]\nb: *x\n')).toMatch(/not valid YAML: Alias resolution is disabled/);
});

test('without a file name the message is the problems alone', () => {
  const read = readChallenge('[]');
  expect(read.ok ? '' : read.message).toMatch(/^Invalid input: expected object, received array$/);
});

test('a goal may carry an HTTP request ("should work: POST /v1/dock"), on TCP only', () => {
  const withRequest = VALID.replace(
    '{ from: x/b, to: x/a, port: 80, expect: allow }',
    '{ from: x/b, to: x/a, port: 80, expect: allow, http: { method: POST, path: /v1/dock } }',
  );
  const read = readChallenge(withRequest, { file: FILE });
  expect(read.ok && read.challenge.goals[0]?.http).toEqual({ method: 'POST', path: '/v1/dock' });
  expect(
    problem(withRequest.replace('port: 80, expect: allow', 'port: 80, protocol: UDP, expect: allow')),
  ).toMatch(/goals\[0\]\.http: an HTTP request needs protocol TCP/);
  expect(problem(withRequest.replace('path: /v1/dock', 'path: v1/dock'))).toMatch(/goals\[0\]\.http\.path: /);
  expect(problem(withRequest.replace('method: POST', 'method: POST, verb: x'))).toMatch(
    /Unrecognized key: "verb"/,
  );
});
