import type { ExternalEndpoint, Protocol } from '../model/types.ts';

// Shapes of the objects after their field specs accepted them (only the fields the engine reads).
/** `metadata` fields the engine reads. */
export interface RawMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly ownerReferences?:
    readonly { readonly kind?: string; readonly name?: string; readonly controller?: boolean }[] | null;
}
/** A container port as written. */
export interface RawPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: Protocol;
}
/** A pod spec as written (fields the engine reads). */
export interface RawPodSpec {
  readonly serviceAccountName?: string;
  readonly serviceAccount?: string;
  readonly containers?: readonly { readonly ports?: readonly RawPort[] | null }[] | null;
}
/** A workload as written: the pod template, under `spec.template` or, for a CronJob, `spec.jobTemplate.spec.template`. */
export interface RawWorkload {
  readonly metadata: RawMeta;
  readonly spec?: {
    readonly template?: RawTemplate | null;
    readonly jobTemplate?: { readonly spec?: { readonly template?: RawTemplate | null } | null } | null;
  } | null;
}
/** A pod template as written. */
export interface RawTemplate {
  readonly metadata?: { readonly labels?: Record<string, string> | null } | null;
  readonly spec?: RawPodSpec | null;
}
/** A Pod as written (fields the engine reads). */
export interface RawPod {
  readonly metadata: RawMeta;
  readonly spec?: RawPodSpec | null;
  readonly status?: {
    readonly podIP?: string;
    readonly podIPs?: readonly { readonly ip: string }[] | null;
  } | null;
}
/** A Service as written (fields the engine reads). */
export interface RawService {
  readonly metadata: RawMeta;
  readonly spec?: {
    readonly selector?: Record<string, string> | null;
    readonly clusterIP?: string;
    readonly clusterIPs?: string[];
    readonly ports?:
      | readonly {
          readonly name?: string;
          readonly port: number;
          readonly targetPort?: number | string;
          readonly protocol?: Protocol;
        }[]
      | null;
  } | null;
}
/** An ExternalEndpoint as written. */
export interface RawExternal {
  readonly metadata: RawMeta;
  readonly spec: {
    readonly ips: string[];
    readonly dnsNames?: string[];
    readonly entity?: ExternalEndpoint['entity'];
  };
}
