import type { Direction, EndpointId, Result } from '../model/types.ts';
import { refuse, type AuthorEdit, type AuthorInput, type IsolateDirection } from './model.ts';
import { describeChanges, loadText, proofPorts, proveChanges } from './prove.ts';
import { FORMAT_KIND, formatOf, freshName, newPolicy, selectionOf, shortName } from './subject.ts';
import { appendDocument, readDocuments } from './text.ts';

/**
 * Returns the edit that isolates one pod (a default deny for it) in the given direction(s): a new policy
 * selecting it with the narrowest selector and no rules; directions already isolated are left alone.
 */
export function isolatePod(
  input: AuthorInput,
  podId: EndpointId,
  direction: IsolateDirection,
): Result<AuthorEdit> {
  if (readDocuments(input.policiesText) === undefined)
    return refuse('unreadable', 'The policies YAML has errors: fix them in the editor first.');
  const before = loadText(input.cluster, input.policiesText, input.options);
  const analysis = before.analysis;
  const pod = analysis.endpoint(podId);
  if (pod?.kind !== 'pod') return refuse('not-a-pod', `${podId} is not a pod of the cluster`);
  const asked: Direction[] = direction === 'both' ? ['ingress', 'egress'] : [direction];
  const isolated = (d: Direction): boolean =>
    analysis.targets.some((t) => t.tier === 'namespaced' && t.selects(pod, d) && t.isolates(pod, d));
  const open = asked.filter((d) => !isolated(d));
  if (open.length === 0)
    return refuse('already-isolated', `${podId} is already isolated for ${asked.join(' and ')}`);
  const kind = FORMAT_KIND[formatOf(analysis, input.format)];
  const selection = selectionOf(analysis, pod);
  const base = `default-deny-${open.length === 2 ? '' : `${open[0] ?? ''}-`}${shortName(pod)}`;
  const name = freshName(analysis, kind, pod.namespace.name, base);
  const sections = Object.fromEntries(open.map((d) => [d, []]));
  const text = appendDocument(input.policiesText, newPolicy(kind, name, pod, selection, sections));
  const after = loadText(input.cluster, text, input.options);
  if (after.errors.length > before.errors.length)
    return refuse('invalid-edit', after.errors[0]?.message ?? 'the edit made the policies invalid');
  const ports = proofPorts(input.cluster, input.ports ?? []);
  const changes = proveChanges(analysis, after.analysis, ports);
  const also = selection.alsoSelects.map((p) => p.id);
  return {
    ok: true,
    value: {
      text,
      steps: [
        {
          kind: 'created-policy',
          policy: { kind, name, namespace: pod.namespace.name },
          message: `Created ${kind} ${pod.namespace.name}/${name}: ${podId} is isolated for ${open.join(' and ')}${also.length > 0 ? ` (so is ${also.join(', ')}, with the same labels)` : ''}`,
        },
      ],
      changes,
      collateral: [],
      summary: describeChanges(changes),
      ports,
    },
    diagnostics: [],
  };
}
