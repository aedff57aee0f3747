import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { explainSelection } from '../../src/components/sandbox/explain-view.ts';
import { analysisOf } from '../engine/helpers.ts';

const cluster = readFileSync(join(import.meta.dirname, '../engine/evaluate/cluster.yaml'), 'utf8');
const policies = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: hand-to-teams}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {}}
  ingress: [{name: teams-decide, action: Pass, from: [{namespaces: {}}]}]`;

test("the sandbox's explanation states the verdict once and has no tier-chain jargon", () => {
  const view = explainSelection(analysisOf(cluster, policies), {
    from: 'x/a',
    to: 'y/a',
    port: 80,
    protocol: 'TCP',
  });
  expect(view.summary).toBe('Allowed: `x/a` → `y/a` 80/TCP.');
  const text = [view.summary, ...view.steps.flatMap((s) => s.lines.map((l) => l.text))].join('\n');
  expect(text).not.toMatch(/chain:|\[Admin |→ Allow|\[Default\]/);
  expect(text.match(/Allowed/g)).toHaveLength(1);
  expect(view.steps.map((s) => s.title)).toEqual(['Leaving x/a (egress)', 'Entering y/a (ingress)']);
});
