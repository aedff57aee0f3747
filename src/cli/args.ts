import { PROTOCOLS, type Protocol } from '../engine/index.ts';

/** Parsed command line: the command, repeated options and positional arguments. */
export interface ParsedArgs {
  readonly command: string | undefined;
  readonly options: ReadonlyMap<string, readonly string[]>;
  readonly positional: readonly string[];
  readonly help: boolean;
}

/** A usage error: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

/** Options that take no value (given means true). */
const BOOLEAN_FLAGS = new Set(['help', 'summary']);

/**
 * Options that take every value up to the next option, so that `--policies policies/*.yaml` takes
 * what the shell expanded. `lint` takes its policy files as positional arguments, so there
 * `--cluster` takes one value each time it is given.
 */
const LIST_OPTIONS = new Set(['cluster', 'policies', 'flows', 'manifests', 'against', 'hubble']);

function takesList(command: string | undefined, name: string): boolean {
  return LIST_OPTIONS.has(name) && !(command === 'lint' && name === 'cluster');
}

/** Whether an argument is a value rather than an option (`-` is standard input). */
function isValue(arg: string | undefined): arg is string {
  return arg !== undefined && (arg === '-' || !arg.startsWith('-'));
}

/**
 * Splits argv into command, `--name value` / `--name=value` options (file options take several
 * values) and positional arguments. The command comes first.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options = new Map<string, string[]>();
  const positional: string[] = [];
  let command = isValue(argv[0]) && argv[0] !== '-' ? argv[0] : undefined;
  let help = false;
  for (let i = command === undefined ? 0 : 1; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      if (BOOLEAN_FLAGS.has(name)) {
        if (name !== 'help') options.set(name, ['true']);
        continue;
      }
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--')))
        throw new UsageError(`option --${name} needs a value`);
      const values = [value];
      if (takesList(command, name)) while (isValue(argv[i + 1])) values.push(argv[++i] ?? '');
      options.set(name, [...(options.get(name) ?? []), ...values]);
      continue;
    }
    if (command === undefined) command = arg;
    else positional.push(arg);
  }
  return { command, options, positional, help };
}

/** Every value of a file option (repeated or listed), in order. */
export function list(args: ParsedArgs, name: string): readonly string[] {
  return args.options.get(name) ?? [];
}

/** The single value of an option, or undefined; a usage error when repeated. */
export function single(args: ParsedArgs, name: string): string | undefined {
  const values = args.options.get(name) ?? [];
  if (values.length > 1) throw new UsageError(`option --${name} may be given only once`);
  return values[0];
}

/** The single value of a required option. */
export function required(args: ParsedArgs, name: string): string {
  const value = single(args, name);
  if (value === undefined) throw new UsageError(`missing required option --${name}`);
  return value;
}

/** Every value of a file option that must be given at least once. */
export function requiredList(args: ParsedArgs, name: string): readonly string[] {
  const values = list(args, name);
  if (values.length === 0) throw new UsageError(`missing required option --${name}`);
  return values;
}

/** Rejects options the command does not know, and positional arguments unless it takes them. */
export function allowOnly(
  args: ParsedArgs,
  names: readonly string[],
  { positional = false }: { positional?: boolean } = {},
): void {
  for (const name of args.options.keys()) {
    if (!names.includes(name))
      throw new UsageError(`unknown option --${name} for ${args.command ?? 'netpol'}`);
  }
  const stray = args.positional[0];
  if (!positional && stray !== undefined)
    throw new UsageError(
      `unexpected argument "${stray}" for ${args.command ?? 'netpol'}: give files with an option`,
    );
}

/** Parses a port number option. */
export function portOption(text: string, name = 'port'): number {
  const port = Number(text);
  if (!/^[0-9]+$/.test(text) || port < 1 || port > 65535)
    throw new UsageError(`--${name} must be a number between 1 and 65535, got "${text}"`);
  return port;
}

/** Parses a protocol option (case-insensitive). */
export function protocolOption(text: string | undefined): Protocol {
  const value = (text ?? 'TCP').toUpperCase();
  const protocol = PROTOCOLS.find((p) => p === value);
  if (protocol === undefined)
    throw new UsageError(`--protocol must be TCP, UDP or SCTP, got "${text ?? ''}"`);
  return protocol;
}

/** Usage text printed by `--help` and with usage errors. */
export const USAGE = `netpol: evaluate Kubernetes network policies offline

Usage:
  npm run -s netpol -- evaluate --cluster IN... --policies IN... --flows IN... [--output json|text]
  npm run -s netpol -- evaluate --manifests IN... --flows IN... [--output json|text]
  npm run -s netpol -- matrix   --cluster IN... --policies IN... [--port N] [--protocol TCP|UDP|SCTP]
  npm run -s netpol -- explain  --cluster IN... --policies IN... --from A --to B --port N [--protocol P]
                                [--method M --path P [--host H] [--header 'Name: value']...] [--output json|text]
  npm run -s netpol -- lint     [--cluster IN] [--manifests IN...] FILE [FILE ...]
                                [--summary [--port N] [--protocol P]] [--output text|json]
  npm run -s netpol -- list     --manifests IN... [--output text|json|csv|md|dot]
  npm run -s netpol -- diff     --manifests IN... --against IN... [--output text|json|md]
  npm run -s netpol -- verify   --hubble FILE... --policies IN... [--cluster IN...] [--output text|json|md]
  npm run -s netpol -- generate --hubble FILE... [--cluster IN...] [--kind networkpolicy|cilium]
  npm run -s netpol -- --help

IN is a file, a directory or - (standard input, once per command). An option takes several values
(--policies a.yaml b.yaml, or a shell glob) and may be repeated. A directory is read recursively:
its .yaml, .yml and .json files in sorted order, skipping hidden files and directories and
node_modules, and files with no Kubernetes objects (Helm values, CI settings). Relative paths start
from the directory you ran npm in.
--manifests takes a whole repository, cluster objects and policies mixed, and splits them by kind;
it can stand in for --cluster and --policies, or add to them.

Files are YAML (multi-document, kind: List) or JSON, in UTF-8 (with or without a byte-order mark)
or UTF-16 with a byte-order mark; CRLF line ends are fine. Render Helm charts first (helm template).
All inputs together may hold at most 16 MiB and 50,000 documents (flows files: 16 MiB and
1,000,000 documents); devices and sockets are refused, pipes are read up to the limit.

Endpoints (--from, --to, flows) are written namespace/name, namespace/Kind/name or NAME:
  namespace/name       a pod of that name, else a workload (Deployment, StatefulSet, DaemonSet,
                       ReplicaSet, Job, CronJob, ReplicationController), else a Service
  namespace/Kind/name  that kind explicitly, in any case: shop/Deployment/cart, shop/Service/cart,
                       data/StatefulSet/db, shop/Pod/cart-7d9f-x2x
  NAME                 an ExternalEndpoint
A workload stands for all its pods (each kind of pod is evaluated; allowed only when all are); a
Service is only a destination. An unknown name lists the closest ones; a name two workloads share
is an error that lists both. --flows is a list of {from, to, port, protocol, http?}: http is one HTTP
request on the connection, {method, path, host?, headers?: {Name: value}} (TCP only), which
CiliumNetworkPolicy HTTP rules judge: outcome requests-filtered when a connection without http opens
but HTTP rules judge each request on it, request-denied when they refuse the request (HTTP 403).

matrix prints one port's truth table, one row (source) and column per unit: . allowed, X denied,
~ only some pods of the workload.
list prints who may connect to whom, one line per pair of units (workloads, pods no listed workload
owns, ExternalEndpoints) with the ports: "shop/web => shop/cart : TCP 7070", "All Connections" when
every port of TCP, UDP and SCTP is open. "some pods only: ..." marks ports that only some pods of a
workload may open. Without ExternalEndpoints the outside is listed as the address ranges the
policies tell apart, e.g. 0.0.0.0-9.255.255.255 (docs/decisions/0080 and 0081).
diff compares the cluster under its policies (--policies, or those in --manifests) with the same
cluster under the policies of --against (an older version; only its policies are used): every
pair and port whose answer changed, with the policy that decided it now (or before, when nothing
decides it now). Exit 0 when nothing changed, 3 when something did.
lint --summary adds the exposure summary (needs a cluster): pods no policy isolates for ingress or
egress, allow rules that admit the internet or every namespace (file:line), connections to
kube-apiserver (443 and 6443/TCP), and how many pod pairs may connect on --port (default: the
scenario's first port, else 80/TCP).
verify reads Hubble flow logs (hubble observe -o json or -o jsonpb: one {"flow": {...}} per line,
or a JSON array) and evaluates every connection that ran (FORWARDED, or AUDIT: it would have been
dropped, so it is needed; not DROPPED, not replies; a connection seen at both ends counts once)
against the policies: it prints those that would be denied, each with its explanation and how many
times it was seen. Exit 0 when all are allowed, 3 when some are denied. Endpoints are matched to
the workloads of --cluster (by namespace and labels; pod names fold into their workload), or,
without it, built from the flows' own labels; reserved identities (world, host, kube-apiserver)
become ExternalEndpoints. Lines that are no flow are warnings (file:line: message) and counted.
generate prints least-privilege policies for the same traffic (YAML, one document per workload,
a comment header saying what they came from): each workload seen may receive from and send to
exactly the peers it was seen with, on the ports seen (named where the destination names them);
DNS egress to kube-dns on UDP and TCP 53 when it looked names up; outside peers as ipBlock /32
(covering CIDRs past 10 addresses), or, with --kind cilium, toFQDNs for names Hubble saw with the
DNS rule they need, and toEntities for host and kube-apiserver. Before printing, the engine proves
that every observed connection is allowed and lists the unobserved ones the policies also allow.
lint, list, diff, verify and generate print what was read and skipped as "note:" lines on stderr.
Common options: --ip-block-matches-pods true|false (default true; see docs/decisions/0003).

Exit codes: 0 evaluation ran (whatever the verdicts); 1 invalid input (diagnostics on stderr as
file:line:col: message); 2 usage error; 3 diff found changes, or verify found denied connections.

Environment: NETPOL_CLI_SOURCES=1 runs the TypeScript sources instead of the bundle that is built
in node_modules/.cache/netpol-lab/ (and rebuilt when a source file changes).
NETPOL_MAX_INPUT_BYTES and NETPOL_MAX_DOCUMENTS lower the input limits.`;
