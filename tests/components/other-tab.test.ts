import { describe, expect, it } from 'vitest';
import { otherTabStep } from '../../src/components/sandbox/other-tab.ts';

const saved = (policies: string) => JSON.stringify({ policies, port: null, hintsShown: 0, usedHelp: false });
const parsed = { policies: 'theirs' };

describe('another tab writes the same autosave key', () => {
  it('shows the newer work when this tab has nothing unsaved', () => {
    expect(otherTabStep(saved('a'), saved('a'), saved('theirs'), parsed)).toBe('adopt');
  });
  it('asks which version to keep when this tab has unsaved changes', () => {
    expect(otherTabStep(saved('a'), saved('mine'), saved('theirs'), parsed)).toBe('conflict');
  });
  it('ignores its own value, a removal and text that is not a saved sandbox', () => {
    expect(otherTabStep(saved('a'), saved('mine'), saved('a'), parsed)).toBe('ignore');
    expect(otherTabStep(saved('a'), saved('mine'), saved('mine'), parsed)).toBe('ignore');
    expect(otherTabStep(saved('a'), saved('a'), null, null)).toBe('ignore');
    expect(otherTabStep(saved('a'), saved('a'), '{"broken"', null)).toBe('ignore');
  });
  it('asks, rather than drop what it shows, when this tab has not saved anything yet', () => {
    expect(otherTabStep(null, saved('starter'), saved('theirs'), parsed)).toBe('conflict');
  });
});
