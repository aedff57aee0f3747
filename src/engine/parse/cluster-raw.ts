import type { ExternalEndpoint, Protocol } from '../model/types.ts';

// Shapes of the objects after their field specs accepted them (only the fields the engine reads).
/** `metadata` fields the engine reads. */
export interface RawMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
}
/** A container port as written. */
export interface RawPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: Protocol;
}
/** A Pod as written (fields the engine reads). */
export interface RawPod {
  readonly metadata: RawMeta;
  readonly spec?: {
    readonly containers?: readonly { readonly ports?: readonly RawPort[] | null }[] | null;
  } | null;
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
