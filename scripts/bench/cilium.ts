// (b, Cilium mixed in) The large case again with 40% of the policies written as CiliumNetworkPolicy:
// the matrix, the command line, and the 20,000 flows in process.
import { cliBench } from './cli.ts';
import { largeClusterBench } from './large-cluster.ts';
import { printInProcessFlows, type Workload } from './workload.ts';

/** Prints the Cilium figures; `workload` is the `mixed` one. */
export function ciliumBench(workload: Workload): void {
  largeClusterBench(workload);
  cliBench(workload);
  printInProcessFlows(workload);
}
