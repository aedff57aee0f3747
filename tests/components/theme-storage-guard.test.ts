import { describe, expect, test } from 'vitest';
import { guardThemeStorage } from '../../src/components/ui/theme-storage-guard.ts';

/** A Storage-like prototype whose every call fails, as a full quota (write) and blocked storage (read) do. */
function failingProto(): Storage {
  return {
    getItem(): string | null {
      throw new DOMException('blocked', 'SecurityError');
    },
    setItem(): void {
      throw new DOMException('full', 'QuotaExceededError');
    },
  } as unknown as Storage;
}

describe('theme storage guard', () => {
  test("the theme picker's key never throws; the theme is simply not remembered", () => {
    const proto = failingProto();
    guardThemeStorage(proto);
    expect(() => proto.setItem('starlight-theme', 'dark')).not.toThrow();
    expect(proto.getItem('starlight-theme')).toBeNull();
  });

  test('other keys still report their failures to their own callers', () => {
    const proto = failingProto();
    guardThemeStorage(proto);
    expect(() => proto.setItem('netpol-lab:progress', '{}')).toThrow('full');
    expect(() => proto.getItem('netpol-lab:progress')).toThrow('blocked');
  });

  test('guarding twice wraps once', () => {
    const proto = failingProto();
    guardThemeStorage(proto);
    const wrapped = Object.getOwnPropertyDescriptor(proto, 'setItem')?.value as unknown;
    guardThemeStorage(proto);
    expect(Object.getOwnPropertyDescriptor(proto, 'setItem')?.value).toBe(wrapped);
  });
});
