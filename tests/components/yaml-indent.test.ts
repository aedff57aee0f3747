import { describe, expect, test } from 'vitest';
import { indentAfterLine } from '../../src/components/sandbox/yaml-indent.ts';

describe('indentation of the line after Enter', () => {
  test.each([
    ['spec:', 2],
    ['  podSelector:', 4],
    ['  ingress:', 4],
    ['    - from:', 8],
    ['        - namespaceSelector:', 12],
    ['          matchLabels:', 12],
    ['  description: |', 4],
    ['  description: >-', 4],
    ['  ingress: # who may connect', 4],
    ['  "app.kubernetes.io/name":', 4],
  ])('after a key that opens a block, `%s`, one step in: %i', (line, column) => {
    expect(indentAfterLine(line)).toBe(column);
  });

  test.each([
    ['      - port: 80', 8],
    ['    - Ingress', 6],
    ['    - ', 6],
    ['  - - a', 6],
  ])('after a list item, `%s`, its content column (the item continues): %i', (line, column) => {
    expect(indentAfterLine(line)).toBe(column);
  });

  test.each([
    ['        protocol: UDP', 8],
    ['kind: NetworkPolicy', 0],
    ['  podSelector: {}', 2],
    ['    url: http://example.com:8080/', 4],
    ['    # a comment', 4],
    ['      ', 6],
    ['', 0],
  ])('after a complete line, `%s`, its own indentation: %i', (line, column) => {
    expect(indentAfterLine(line)).toBe(column);
  });
});
