import { networkPolicyKind } from './networkpolicy/handler.ts';
import { ciliumClusterwideNetworkPolicyHandler, ciliumNetworkPolicyHandler } from './cilium/handler.ts';
import {
  adminNetworkPolicyHandler,
  baselineAdminNetworkPolicyHandler,
  clusterNetworkPolicyHandler,
} from './cluster-policy/handler.ts';
import { registerPolicyKind } from './parse/registry.ts';

// Every policy kind the engine knows registers here, once, when the engine is imported.
// Cilium and cluster-wide kinds add their handler to this list.
registerPolicyKind(networkPolicyKind);
registerPolicyKind(ciliumNetworkPolicyHandler);
registerPolicyKind(ciliumClusterwideNetworkPolicyHandler);
registerPolicyKind(clusterNetworkPolicyHandler);
registerPolicyKind(adminNetworkPolicyHandler);
registerPolicyKind(baselineAdminNetworkPolicyHandler);

/** Marker export so importers can reference this module explicitly. */
export const BUILTIN_KINDS_REGISTERED = true;
