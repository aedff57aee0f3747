import { PROTOCOLS } from '../model/types.ts';
import { z } from './zod.ts';

// Every schema here is built on first use (`z.lazy`): constructing zod schemas costs start-up time on
// pages that never validate a challenge.

/** An HTTP request a goal's flow carries, for Cilium's L7 HTTP rules (TCP only). */
export const httpRequestSchema = z.lazy(() =>
  z
    .object({
      method: z.string().min(1).describe('Request method as sent, e.g. `POST` (matched case-sensitively).'),
      path: z
        .string()
        .startsWith('/')
        .describe('Request target as sent: path and any query, e.g. `/v1/dock?ship=tie`.'),
      host: z.string().min(1).optional().describe('The Host header; absent: the request has none.'),
      headers: z
        .record(z.string(), z.string())
        .optional()
        .describe('Other request headers, `Name: value` (names compare case-insensitively).'),
    })
    .strict(),
);

/** A flow goal: a flow that must be allowed or must be denied. */
export const goalSchema = z.lazy(() =>
  z
    .object({
      from: z.string().min(1).describe('Source endpoint: `namespace/pod` or an ExternalEndpoint name.'),
      to: z
        .string()
        .min(1)
        .describe('Destination endpoint: `namespace/pod`, `namespace/service` or an ExternalEndpoint name.'),
      port: z.number().int().min(1).max(65535).describe('Destination port number.'),
      protocol: z.enum(PROTOCOLS).default('TCP').describe('Transport protocol.'),
      expect: z.enum(['allow', 'deny']).describe('`allow`: should work; `deny`: should not work.'),
      http: httpRequestSchema
        .optional()
        .describe(
          'An HTTP request sent on the connection ("should work: POST /v1/dock"): the goal is then about that request, which Cilium HTTP rules may refuse (HTTP 403) on an open connection.',
        ),
      note: z.string().optional().describe('Optional plain-words reason shown next to the goal.'),
    })
    .strict()
    .refine((goal) => goal.http === undefined || goal.protocol === 'TCP', {
      message: 'an HTTP request needs protocol TCP',
      path: ['http'],
    }),
);

/** Extra conditions a solution must meet beyond its goals. */
export const constraintsSchema = z.lazy(() =>
  z
    .object({
      maxPolicies: z.number().int().min(1).optional().describe('At most this many policy objects.'),
      forbidFields: z
        .array(z.string())
        .optional()
        .describe('Field names that must not appear in the solution, e.g. `ipBlock`.'),
      allowedKinds: z
        .array(z.string())
        .optional()
        .describe('Policy kinds the solution may use, e.g. `NetworkPolicy`.'),
      onlyAllowedInto: z
        .array(
          z
            .object({
              to: z.string().describe('Destination endpoint id.'),
              from: z.array(z.string()).describe('The only sources that may reach it.'),
              port: z
                .number()
                .int()
                .min(1)
                .max(65535)
                .optional()
                .describe('Port checked; all ports in play when absent.'),
              protocol: z.enum(PROTOCOLS).optional(),
            })
            .strict(),
        )
        .optional()
        .describe('"Must not allow anything else into X": every other source must be denied.'),
    })
    .strict(),
);

/** A challenge file: `content/challenges/<lesson>/<id>.yaml`. */
export const challengeSchema = z.lazy(() =>
  z
    .object({
      title: z.string().min(1).describe('Short title shown above the task.'),
      scenario: z.string().min(1).describe('Scenario id, a file in `content/scenarios/`.'),
      task: z.string().min(1).describe('The task in one or two sentences.'),
      starter: z.string().default('').describe('Starting policies (YAML text, may be empty).'),
      solution: z.string().min(1).describe('A reference solution (YAML text).'),
      goals: z
        .array(goalSchema)
        .min(2)
        .describe('Flows checked on every edit; include allowed and denied ones.'),
      constraints: constraintsSchema.optional(),
      hints: z.array(z.string()).min(1).max(3).describe('Revealed one at a time.'),
      ports: z
        .array(z.object({ port: z.number().int(), protocol: z.enum(PROTOCOLS) }).strict())
        .optional()
        .describe('Ports shown in the graph and table (defaults to the goal ports).'),
      mistake: z
        .number()
        .int()
        .min(1)
        .max(12)
        .optional()
        .describe('Which classic mistake (field notes 1–12) it teaches.'),
      order: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe('Position within its lesson folder (1 first); file name order when absent.'),
      pitfalls: z
        .array(
          z
            .object({
              mistake: z
                .string()
                .min(1)
                .describe('The wrong answer in plain words, e.g. "two peers instead of one (OR)".'),
              policies: z
                .string()
                .min(1)
                .describe('Policies (YAML text) a learner making that mistake would write.'),
            })
            .strict(),
        )
        .optional()
        .describe('Wrong answers the challenge teaches against: each must fail it (proven by the build).'),
      expectedLint: z
        .array(z.string().min(1))
        .optional()
        .describe(
          'Lint codes the task asks for on purpose (e.g. `lint/all-namespaces` when every namespace must be allowed): shown as expected here, not as something to fix. The solution must raise each.',
        ),
    })
    .strict(),
);

/**
 * A challenge of the course (`content/challenges`): the challenge schema, and at least one pitfall, so
 * every wrong answer a challenge teaches against is proven to fail it. Files a host uploads may leave
 * pitfalls out.
 */
export const courseChallengeSchema = z.lazy(() =>
  challengeSchema.refine((challenge) => (challenge.pitfalls?.length ?? 0) > 0, {
    message: 'a course challenge lists at least one pitfall (a wrong answer it must reject)',
    path: ['pitfalls'],
  }),
);

/** A parsed, validated challenge. */
export type Challenge = z.infer<typeof challengeSchema>;
/** One goal of a challenge. */
export type Goal = z.infer<typeof goalSchema>;
/** A challenge's optional constraints. */
export type Constraints = z.infer<typeof constraintsSchema>;
