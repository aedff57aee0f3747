import { describe, expect, test } from 'vitest';
import { ciliumMissText } from '../../../src/engine/explain/words.ts';
import {
  endpointLabels,
  scopePeerSelector,
  scopeSubjectSelector,
  selectorMiss,
  type LabelSelectorSpec,
} from '../../../src/engine/cilium/endpoint-selector.ts';
import { external, pod } from './helpers.ts';

const sel = (
  matchLabels: Record<string, string>,
  matchExpressions: LabelSelectorSpec['matchExpressions'] = [],
) => ({
  matchLabels,
  matchExpressions,
});

const tiefighter = pod('default/tiefighter', { org: 'empire', class: 'tiefighter' });
const monitor = pod('monitoring/prom', { app: 'prom' }, { nsLabels: { team: 'ops' } });

function matches(reqs: ReturnType<typeof scopePeerSelector>, endpoint: Parameters<typeof endpointLabels>[0]) {
  return selectorMiss(reqs, endpointLabels(endpoint)) === undefined;
}

// https://docs.cilium.io/en/stable/security/policy/kubernetes/#namespaces
describe('Cilium endpoint selectors', () => {
  test('the k8s: prefix and a bare key both match pod labels', () => {
    expect(matches(scopePeerSelector(sel({ 'k8s:org': 'empire' }), 'default'), tiefighter)).toBe(true);
    expect(matches(scopePeerSelector(sel({ org: 'empire' }), 'default'), tiefighter)).toBe(true);
    expect(matches(scopePeerSelector(sel({ 'reserved:org': 'empire' }), 'default'), tiefighter)).toBe(false);
  });

  test('a namespaced policy peer selector is limited to its namespace', () => {
    expect(matches(scopePeerSelector(sel({}), 'default'), tiefighter)).toBe(true);
    expect(matches(scopePeerSelector(sel({}), 'default'), monitor)).toBe(false);
  });

  test('naming the namespace label opens another namespace', () => {
    const s = sel({ 'k8s:io.kubernetes.pod.namespace': 'monitoring' });
    expect(matches(scopePeerSelector(s, 'default'), monitor)).toBe(true);
    expect(matches(scopePeerSelector(s, 'default'), tiefighter)).toBe(false);
  });

  test('namespace labels select across namespaces', () => {
    const s = sel({ 'io.cilium.k8s.namespace.labels.team': 'ops' });
    expect(matches(scopePeerSelector(s, 'default'), monitor)).toBe(true);
  });

  test('a clusterwide peer selector spans namespaces but only selects pods', () => {
    expect(matches(scopePeerSelector(sel({}), undefined), monitor)).toBe(true);
    expect(matches(scopePeerSelector(sel({}), undefined), external('world-thing'))).toBe(false);
  });

  test('reserved labels select entities as written', () => {
    expect(matches(scopePeerSelector(sel({ 'reserved:world': '' }), 'default'), external('x'))).toBe(true);
  });

  test('a namespaced policy subject selector is pinned to its namespace', () => {
    const s = sel({ 'k8s:io.kubernetes.pod.namespace': 'monitoring' });
    expect(matches(scopeSubjectSelector(s, 'default'), monitor)).toBe(false);
    expect(matches(scopeSubjectSelector(sel({}), 'default'), tiefighter)).toBe(true);
    expect(matches(scopeSubjectSelector(sel({}), undefined), monitor)).toBe(true);
  });

  test('expressions and misses, in words', () => {
    const words = (reqs: Parameters<typeof selectorMiss>[0], view: Parameters<typeof endpointLabels>[0]) => {
      const miss = selectorMiss(reqs, endpointLabels(view));
      return miss && ciliumMissText(miss);
    };
    const s = sel({}, [{ key: 'class', operator: 'NotIn', values: ['tiefighter'] }]);
    expect(selectorMiss(scopePeerSelector(s, 'default'), endpointLabels(tiefighter))).toEqual({
      key: 'class',
      operator: 'NotIn',
      values: ['tiefighter'],
      actual: 'tiefighter',
    });
    expect(words(scopePeerSelector(s, 'default'), tiefighter)).toBe('label `class` is `tiefighter` (NotIn)');
    expect(words(scopePeerSelector(sel({ org: 'alliance' }), 'default'), tiefighter)).toBe(
      'label `org` is `empire`, not `alliance`',
    );
    expect(words(scopePeerSelector(sel({}), 'default'), monitor)).toBe(
      'namespace is `monitoring`, not `default`',
    );
  });
});
