import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeProgress, encodeProgress, type ExerciseStatus } from '../../src/engine/index.ts';
import { normalizeLearner } from '../../src/engine/workshop/progress.ts';
import { encodeBase64Url } from '../../src/engine/share/base64url.ts';
import { expectPristinePrototype, hostileRuns, hostileTimeout, runsLabel } from './helpers.ts';

// 10,000 generated inputs per property in `npm run test:hostile` (200 in the default unit run).
const RUNS = hostileRuns();
const TIMEOUT = hostileTimeout(RUNS);
const REASONS = [
  'empty',
  'unknown-version',
  'newer-version',
  'bad-encoding',
  'too-large',
  'bad-compression',
  'bad-content',
  'other-workshop',
];
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const report = fc.record({
  workshop: fc.stringMatching(/^[0-9a-f]{8}$/),
  learner: fc.oneof(fc.string({ maxLength: 100 }), fc.string({ unit: 'binary', maxLength: 90 })),
  statuses: fc.array(fc.constantFrom<ExerciseStatus>('solved', 'help', 'open'), {
    minLength: 1,
    maxLength: 60,
  }),
});

const codeish = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 60 }).map((body) => `p1.${body}`),
  fc.uint8Array({ maxLength: 45 }).map((bytes) => `p1.${encodeBase64Url(bytes)}`),
  fc.tuple(fc.nat({ max: 99 }), fc.string({ maxLength: 8 })).map(([n, body]) => `p${n}.${body}`),
);

describe('progress code properties', () => {
  test(
    `hostile: encode then decode restores any report (${runsLabel(RUNS)} reports)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(report, async (r) => {
          // Names are normalised (NFKC, invisible characters dropped, spaces collapsed), then cut to 80.
          const learner = normalizeLearner(normalizeLearner(r.learner).slice(0, 80));
          expect(await decodeProgress(await encodeProgress(r), r.workshop)).toEqual({
            ok: true,
            report: {
              workshop: r.workshop,
              learner,
              statuses: r.statuses,
            },
          });
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  test(
    `hostile: decoding any text never throws and returns a report or a typed reason (${runsLabel(RUNS)} texts)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          codeish,
          fc.option(fc.stringMatching(/^[0-9a-f]{8}$/), { nil: undefined }),
          async (code, workshop) => {
            const result = await decodeProgress(code, workshop);
            if (result.ok) expect(result.report.statuses.length).toBeGreaterThan(0);
            else {
              expect(REASONS).toContain(result.reason);
              expect(result.message).toMatch(/^(The|This) .{10,}\.$/);
            }
          },
        ),
        RUNS,
      );
      expectPristinePrototype();
    },
    TIMEOUT,
  );
});
