/** Observed traffic: Hubble flow logs read, matched to the model and turned into connections. */
export { readHubble, MAX_LINE_DIAGNOSTICS } from './hubble.ts';
export type { HubbleLog, HubbleVerdict, ObservedEnd, ObservedFlow, ReservedIdentity } from './hubble.ts';
export { observeTraffic } from './observe.ts';
export type { NamedLog, ObservedConnection, Traffic } from './observe.ts';
export { workloadOfPodName } from './ends.ts';
export { verifyTraffic } from './verify.ts';
export type { TrafficVerification, VerifiedConnection } from './verify.ts';
export { generatePolicies } from './generate.ts';
export type {
  GenerateKind,
  GenerateOptions,
  GeneratedPolicies,
  GeneratedPolicy,
  GenerationProof,
} from './generate.ts';
export { coverAddresses } from './cidr-cover.ts';
export type { Covering } from './cidr-cover.ts';
