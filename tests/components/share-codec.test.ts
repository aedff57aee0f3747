import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { decodeShareState, encodeShareState, type ShareState } from '../../src/engine/share/index.ts';

// Links that shipped. Never change or delete one: every version must keep opening.
const SHIPPED_LINKS: ReadonlyArray<{ link: string; state: ShareState }> = [
  {
    link: 'v1.NU_LagMxDPwVo_Pm0duia-8l0JKTL8JWN2IVydimISz778UNvYxgRqPRbNASG1VxwA1WsQwIkmEagNBuXmCfoLhKEm6AQEWuXJu4YTDuD6-r2HJc53YUP_28RRtXMHy8tMtwPqPduVOmThgtBKM7Y8hszwOp_jOtUGIMIzNaK5z-dovnT1ZO3SuGbY8GE6QbqbItPJ61pXJrJ1L1x-G7unW2UaB47aPUa87n-TxBqd49uQLC1_sF9v0X',
    state: {
      scenario: { kind: 'id', id: 'shop' },
      policies:
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\n  namespace: shop\nspec:\n  podSelector: {}\n',
      challenge: 'ingress/allow-frontend',
      port: { port: 8080, protocol: 'TCP' },
    },
  },
  {
    link: 'v1.FcoxCsMwDAXQq4g_Z-mqQ2TM5EXYGkTjbxObUgg5UM-Ri5W8-Z0Y2WlHNOiJd7BAEdyDjgXTvxMK67H5MaJR5fNKfJrKatVHt-yJ1acVm6aJIrTqKuX-1ZaIa0Fve-TwAQWuPw',
    state: {
      scenario: { kind: 'inline', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: démo\n' },
      policies: '',
    },
  },
];

const stateArb: fc.Arbitrary<ShareState> = fc.record(
  {
    scenario: fc.oneof(
      fc.record({
        kind: fc.constant('id' as const),
        id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}(\/[a-z0-9-]{1,20})?$/),
      }),
      fc.record({
        kind: fc.constant('inline' as const),
        text: fc.string({ unit: 'grapheme', maxLength: 400 }),
      }),
    ),
    policies: fc.string({ unit: 'grapheme', maxLength: 800 }),
    challenge: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}\/[a-z0-9-]{1,20}$/),
    port: fc.record({
      port: fc.integer({ min: 1, max: 65535 }),
      protocol: fc.constantFrom('TCP' as const, 'UDP' as const, 'SCTP' as const),
    }),
  },
  { requiredKeys: ['scenario', 'policies'] },
);

describe('share links', () => {
  test.each(SHIPPED_LINKS)('shipped link $link.length chars still opens', async ({ link, state }) => {
    expect(await decodeShareState(link)).toEqual({ ok: true, state });
    expect(await decodeShareState(`#${link}`)).toEqual({ ok: true, state });
  });

  test('encode then decode restores any state exactly', async () => {
    await fc.assert(
      fc.asyncProperty(stateArb, async (state) => {
        const link = await encodeShareState(state);
        expect(link).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
        expect(await decodeShareState(link)).toEqual({ ok: true, state });
      }),
      { numRuns: 150 },
    );
  });

  test('any damaged text gives a reason, never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (junk) => {
        const result = await decodeShareState(`v1.${junk}`);
        if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
      }),
      { numRuns: 300 },
    );
  });

  test('a truncated shipped link is reported as damaged', async () => {
    const link = SHIPPED_LINKS[0]!.link;
    for (const cut of [10, 40, link.length - 7]) {
      const result = await decodeShareState(link.slice(0, cut));
      expect(result.ok).toBe(false);
    }
  });

  test.each([
    ['', 'empty'],
    ['v9.abc', 'newer-version'],
    ['hello', 'unknown-version'],
    ['v1.abc$', 'bad-encoding'],
    ['v1.A', 'bad-encoding'],
    ['v1.AAAA', 'bad-compression'],
  ])('%j fails with %s', async (link, reason) => {
    expect(await decodeShareState(link)).toMatchObject({ ok: false, reason });
  });

  test('a compressed bomb stops at the size cap', async () => {
    const huge = 'x'.repeat(5_000_000);
    const stream = new Blob([new TextEncoder().encode(huge)])
      .stream()
      .pipeThrough(new CompressionStream('deflate-raw'));
    const packed = new Uint8Array(await new Response(stream).arrayBuffer());
    const link = `v1.${Buffer.from(packed).toString('base64url')}`;
    expect(await decodeShareState(link)).toMatchObject({ ok: false, reason: 'too-large' });
  });

  test('valid JSON that is not a state is rejected', async () => {
    const packed = new Uint8Array(
      await new Response(
        new Blob([new TextEncoder().encode('{"scenario":{"kind":"id","id":"../etc"},"policies":""}')])
          .stream()
          .pipeThrough(new CompressionStream('deflate-raw')),
      ).arrayBuffer(),
    );
    expect(await decodeShareState(`v1.${Buffer.from(packed).toString('base64url')}`)).toMatchObject({
      ok: false,
      reason: 'bad-content',
    });
  });
});
