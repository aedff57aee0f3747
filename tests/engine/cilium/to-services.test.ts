import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadPolicies } from '../../../src/engine/index.ts';
import { run } from '../../../src/cli/main.ts';
import { explanationText } from '../helpers.ts';
import { loadScenario, scenarioFromText, splitFixture } from './scenario.ts';

const fixture = readFileSync(new URL('./fixtures/to-services.yaml', import.meta.url), 'utf8');

// https://docs.cilium.io/en/stable/security/policy/language/#services-based
describe('Cilium toServices', () => {
  test('the explanation names the Service whose selector picked the pod', () => {
    const s = loadScenario('cilium', 'to-services.yaml');
    const v = s.analysis.evaluateFlow({
      from: 'default/app2',
      to: 'default/backend-a',
      port: 9090,
      protocol: 'TCP',
    });
    expect(explanationText(v)).toContain(
      'destination `default/backend-a` matches spec.egress[0].toServices[0] (k8sService `default/myservice`): it is a pod behind Service `default/myservice`',
    );
  });

  test('a Service without a selector is said to be not modelled: in the explanation, lint and evaluate', () => {
    const s = loadScenario('cilium', 'to-services.yaml');
    const v = s.analysis.evaluateFlow({
      from: 'default/app2',
      to: 'data/legacy-0',
      port: 5432,
      protocol: 'TCP',
    });
    expect(explanationText(v)).toContain(
      'not modelled for `data/legacy-db`: a Service without a selector is reached through its Endpoints',
    );
    const lint = s.analysis.lint().filter((d) => d.code === 'lint/not-modelled');
    expect(lint).toHaveLength(1);
    expect(lint[0]?.message).toContain('spec.egress[1].toServices[0]');
    expect(lint[0]?.message).toContain('`data/legacy-db`');
    expect(lint[0]?.range?.line).toBeGreaterThan(1);

    const { cluster, policies } = splitFixture(fixture);
    const dir = mkdtempSync(join(tmpdir(), 'netpol-services-'));
    const at = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const result = run([
      'evaluate',
      '--cluster',
      at('cluster.yaml', cluster),
      '--policies',
      at('policies.yaml', policies),
      '--flows',
      at('flows.yaml', '- {from: default/app2, to: data/legacy-0, port: 5432}\n'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('not modelled for `data/legacy-db`');
  });

  test('an entry that names no Service is a lint warning', () => {
    const s = scenarioFromText(fixture.replace('serviceName: myservice', 'serviceName: my-service'));
    const found = s.analysis.lint().find((d) => d.code === 'lint/cilium-service-not-found');
    expect(found?.message).toBe(
      'spec.egress[0].toServices[0] (k8sService `default/my-service`) names no Service of the cluster, so it allows nothing',
    );
    expect(
      s.analysis.evaluateFlow({ from: 'default/app2', to: 'default/backend-a', port: 8080, protocol: 'TCP' })
        .allowed,
    ).toBe(false);
  });

  test('an empty namespace names Services of every namespace', () => {
    const s = scenarioFromText(
      fixture.replace('{ serviceName: myservice, namespace: default }', '{ serviceName: metrics }'),
    );
    expect(
      s.analysis.evaluateFlow({ from: 'default/app2', to: 'data/metrics-0', port: 9100, protocol: 'TCP' })
        .allowed,
    ).toBe(true);
  });

  test('toServices with toPorts is rejected, and k8sServiceSelector needs a selector', () => {
    const policy = (rule: string) =>
      `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: default}\nspec:\n  endpointSelector: {}\n  egress:\n    - ${rule}\n`;
    const mixed = loadPolicies(
      policy('toServices: [{k8sService: {serviceName: a}}]\n      toPorts: [{ports: [{port: "80"}]}]'),
    );
    expect(mixed.diagnostics.map((d) => d.message)).toContain(
      'spec.egress[0].toPorts: Invalid value: [{"ports":[{"port":"80"}]}]: toServices cannot be combined with toPorts',
    );
    const noSelector = loadPolicies(policy('toServices: [{k8sServiceSelector: {namespace: default}}]'));
    expect(noSelector.diagnostics.map((d) => d.message).join('\n')).toContain(
      'spec.egress[0].toServices[0].k8sServiceSelector.selector: Required value',
    );
  });
});
