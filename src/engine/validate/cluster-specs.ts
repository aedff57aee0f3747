import type { FieldSpec } from './field-spec.ts';
import { labelsSpec, objectMetaSpec, protocolSpec, reportAll } from './common-specs.ts';
import { checkDns1123Label, checkPortName } from './k8s-names.ts';
import { parseIp } from '../match/ip.ts';

// Cluster objects usually come from `kubectl get -o yaml`, full of fields the engine does not use:
// their specs are open (unknown fields accepted) and check only what the engine reads.

const PORT_NUMBER: FieldSpec = { type: 'integer', min: 1, max: 65535 };
const IP: FieldSpec = {
  type: 'string',
  check: (v: string, p, s) =>
    parseIp(v) ? undefined : s.invalid(p, v, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'),
};
const PORT_NAME: FieldSpec = {
  type: 'string',
  check: (v: string, p, s) => reportAll(s, p, v, checkPortName(v)),
};

function open(fields: Record<string, FieldSpec>, required: string[] = []): FieldSpec {
  return { type: 'object', open: true, fields, required };
}

function meta(scope: 'namespaced' | 'cluster'): FieldSpec {
  return { ...objectMetaSpec(scope), open: true } as FieldSpec;
}

/** Namespace metadata: the name is a DNS-1123 label (at most 63 characters), not a subdomain. */
function namespaceMeta(): FieldSpec {
  const base = meta('cluster') as Extract<FieldSpec, { type: 'object' }>;
  const name: FieldSpec = {
    type: 'string',
    check: (v: string, p, s) => reportAll(s, p, v, checkDns1123Label(v)),
  };
  return { ...base, fields: { ...base.fields, name } };
}

/** `v1` Namespace: name and labels. */
export const namespaceSpec: FieldSpec = open({ metadata: namespaceMeta() }, ['metadata']);

const OWNER_REFERENCES: FieldSpec = {
  type: 'array',
  items: open({ kind: { type: 'string' }, name: { type: 'string' }, controller: { type: 'boolean' } }),
};

/** A pod spec (of a Pod or a workload's template): container ports and the service account. */
const POD_SPEC: FieldSpec = open({
  serviceAccountName: { type: 'string' },
  serviceAccount: { type: 'string' },
  containers: {
    type: 'array',
    items: open({
      ports: {
        type: 'array',
        items: open({ name: PORT_NAME, containerPort: PORT_NUMBER, protocol: protocolSpec }, [
          'containerPort',
        ]),
      },
    }),
  },
});

/** Namespaced metadata that may name the object's owners (pods and workloads created by controllers). */
function metaWithOwners(): FieldSpec {
  const base = meta('namespaced') as Extract<FieldSpec, { type: 'object' }>;
  return { ...base, fields: { ...base.fields, ownerReferences: OWNER_REFERENCES } };
}

/** `v1` Pod: labels, owners, IPs, container ports and service account. */
export const podSpec: FieldSpec = open(
  {
    metadata: metaWithOwners(),
    spec: POD_SPEC,
    status: open({ podIP: IP, podIPs: { type: 'array', items: open({ ip: IP }) } }),
  },
  ['metadata'],
);

const TEMPLATE: FieldSpec = open({ metadata: open({ labels: labelsSpec }), spec: POD_SPEC });

/**
 * A workload (`apps/v1` Deployment, ReplicaSet, StatefulSet, DaemonSet; `batch/v1` Job; `v1`
 * ReplicationController): its pod template. `batch/v1` CronJob has it under `spec.jobTemplate.spec`.
 */
export function workloadSpec(cron: boolean): FieldSpec {
  const spec = cron
    ? open({ jobTemplate: open({ spec: open({ template: TEMPLATE }) }) })
    : open({ template: TEMPLATE });
  return open({ metadata: metaWithOwners(), spec }, ['metadata']);
}

/** `v1` Service: selector and ports. */
export const serviceSpec: FieldSpec = open(
  {
    metadata: meta('namespaced'),
    spec: open({
      selector: labelsSpec,
      clusterIP: { type: 'string' },
      clusterIPs: { type: 'array', items: { type: 'string' } },
      ports: {
        type: 'array',
        items: open(
          {
            name: { type: 'string' },
            port: PORT_NUMBER,
            targetPort: { type: 'int-or-string' },
            protocol: protocolSpec,
          },
          ['port'],
        ),
      },
    }),
  },
  ['metadata'],
);

/** `netpol-lab/v1` ExternalEndpoint: our own kind, checked strictly. */
export const externalEndpointSpec: FieldSpec = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  fields: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: {
      type: 'object',
      required: ['name'],
      fields: {
        name: { type: 'string', check: (v: string, p, s) => reportAll(s, p, v, checkDns1123Label(v)) },
        labels: labelsSpec,
        annotations: { type: 'any' },
      },
    },
    spec: {
      type: 'object',
      required: ['ips'],
      fields: {
        ips: { type: 'array', minItems: 1, items: IP },
        dnsNames: { type: 'array', items: { type: 'string' } },
        entity: { type: 'string', enum: ['host', 'kube-apiserver', 'remote-node', 'world'] },
      },
    },
  },
};
