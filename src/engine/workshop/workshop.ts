import { z } from '../schema/zod.ts';
import { challengeSchema } from '../schema/challenge.ts';
import { formatIssues } from '../schema/issues.ts';
import { packEnvelope, unpackEnvelope, type EnvelopeFailure } from '../share/envelope.ts';
import { fingerprint } from './fingerprint.ts';

/**
 * Workshop links: a titled set of exercises in one URL fragment (`#w1.…`), so a host can hand out
 * a whole session without a server. An exercise is a course challenge by id, or a challenge the host
 * wrote in the builder, carried in full (with its scenario inline when it is not a course scenario).
 */

/** Longest workshop link payload we hand out; longer sets are refused with a message, never cut. */
export const MAX_WORKSHOP_LINK_CHARS = 60_000;
/** Most bytes a workshop may inflate to. */
export const MAX_WORKSHOP_BYTES = 2_000_000;

const CHALLENGE_REF = /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/;

/** One exercise of a workshop. */
export const exerciseSchema = z.lazy(() =>
  z.union([
    z
      .object({ ref: z.string().regex(CHALLENGE_REF).describe('A course challenge id, `lesson/id`.') })
      .strict(),
    z
      .object({
        id: z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
          .describe('Short id, unique within the workshop.'),
        challenge: challengeSchema.describe('The challenge, as in a `content/challenges` file.'),
        scenarioText: z
          .string()
          .max(400_000)
          .optional()
          .describe('The scenario manifests, when not a course scenario.'),
      })
      .strict(),
  ]),
);

/** A workshop: a title and exercises in order. */
export const workshopSchema = z.lazy(() =>
  z
    .object({
      title: z.string().trim().min(1).max(200).describe('Shown above the exercise list.'),
      exercises: z.array(exerciseSchema).min(1).max(60),
    })
    .strict(),
);

/** A validated workshop. */
export type Workshop = z.infer<typeof workshopSchema>;
/** One exercise of a workshop. */
export type Exercise = z.infer<typeof exerciseSchema>;

/** The link payload, or why the workshop cannot be handed out as a link. */
export type WorkshopEncodeResult =
  | { readonly ok: true; readonly payload: string; readonly id: string }
  | { readonly ok: false; readonly message: string; readonly chars?: number };

/** A decoded workshop link. */
export type WorkshopDecodeResult =
  | { readonly ok: true; readonly workshop: Workshop; readonly id: string }
  | { readonly ok: false; readonly reason: EnvelopeFailure; readonly message: string };

const MESSAGES: Record<EnvelopeFailure, string> = {
  empty: 'The workshop link is empty.',
  'unknown-version': 'This is not a NetPol Lab workshop link: they start with "w1.".',
  'newer-version':
    'This workshop link was made by a newer version of NetPol Lab than this page. Reload the page to get the latest version, then open the link again.',
  'bad-encoding':
    'The workshop link is damaged: it contains characters a link never has. It may have been cut off.',
  'too-large': 'The workshop link is too large to open safely.',
  'bad-compression':
    'The workshop link is damaged: its data does not unpack. It may have been cut off when copied.',
  'bad-content': 'The workshop link unpacked, but it does not describe a valid workshop.',
};

/** The stable id of a workshop payload; progress codes carry it so they only import into their workshop. */
export function workshopId(payload: string): string {
  return fingerprint(payload);
}

/** Encodes a workshop as a link payload (`w1.…`), or says why it cannot be a link. */
export async function encodeWorkshop(workshop: Workshop): Promise<WorkshopEncodeResult> {
  const checked = workshopSchema.safeParse(workshop);
  if (!checked.success)
    return {
      ok: false,
      message: `The workshop is not valid: ${formatIssues(checked.error.issues)}.`,
    };
  const payload = await packEnvelope('w1', checked.data, MAX_WORKSHOP_BYTES).catch(() => undefined);
  if (payload === undefined) return { ok: false, message: 'The workshop is too large to share as a link.' };
  if (payload.length > MAX_WORKSHOP_LINK_CHARS) {
    return {
      ok: false,
      chars: payload.length,
      message: `This workshop needs a link of ${payload.length.toLocaleString('en')} characters, more than the ${MAX_WORKSHOP_LINK_CHARS.toLocaleString('en')} that links can safely carry. Split it into two workshops, or use course scenarios instead of pasted ones.`,
    };
  }
  return { ok: true, payload, id: workshopId(payload) };
}

/** Decodes a workshop link payload; never throws. */
export async function decodeWorkshop(payload: string): Promise<WorkshopDecodeResult> {
  const text = payload.trim().replace(/^#/, '');
  const unpacked = await unpackEnvelope(text, 'w1', {
    maxChars: MAX_WORKSHOP_LINK_CHARS,
    maxBytes: MAX_WORKSHOP_BYTES,
  });
  if (!unpacked.ok) return { ok: false, reason: unpacked.reason, message: MESSAGES[unpacked.reason] };
  const parsed = workshopSchema.safeParse(unpacked.value);
  if (!parsed.success) return { ok: false, reason: 'bad-content', message: MESSAGES['bad-content'] };
  const ids = parsed.data.exercises.map((e) => ('ref' in e ? e.ref : e.id));
  if (new Set(ids).size !== ids.length)
    return { ok: false, reason: 'bad-content', message: 'The workshop link lists the same exercise twice.' };
  return { ok: true, workshop: parsed.data, id: workshopId(text) };
}

/** The id of an exercise within its workshop (the course id, or the host's id). */
export function exerciseKey(exercise: Exercise): string {
  return 'ref' in exercise ? exercise.ref : exercise.id;
}
