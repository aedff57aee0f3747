import { PROTOCOLS } from '../model/types.ts';
import { z } from './zod.ts';

/**
 * The `Scenario` document that heads a scenario file (`content/scenarios/<id>.yaml`):
 * title, description and fixed graph positions. The other documents are ordinary manifests.
 *
 * ```yaml
 * apiVersion: netpol-lab/v1
 * kind: Scenario
 * metadata: {name: shop}
 * spec:
 *   title: The shop
 *   description: ...
 *   layout:
 *     storefront/frontend: [120, 80]   # endpoint id -> [x, y] in graph units
 * ```
 *
 * Built on first use (`z.lazy`): constructing zod schemas costs start-up time on pages that never parse one.
 */
export const scenarioSpecSchema = z.lazy(() =>
  z
    .object({
      title: z.string().min(1).describe('Human title of the scenario.'),
      description: z.string().default('').describe('One paragraph shown above the sandbox.'),
      layout: z
        .record(z.string(), z.tuple([z.number(), z.number()]))
        .default({})
        .describe('Fixed graph positions: endpoint id -> [x, y]. Namespace boxes wrap their pods.'),
      ports: z
        .array(z.object({ port: z.number().int(), protocol: z.enum(PROTOCOLS) }).strict())
        .default([])
        .describe('Ports offered in the port picker, in order; the first is the default.'),
    })
    .strict(),
);

/** The Scenario document's spec. */
export type ScenarioSpec = z.infer<typeof scenarioSpecSchema>;
