import type { PodView } from '../model/endpoint.ts';
import type { DirectionQuery, PolicyTarget, TargetRule } from '../model/target.ts';
import type { Direction, Protocol } from '../model/types.ts';
import { combinedAllows, combinedFiltered, combineTiers, type TierOrder } from './combine.ts';
import { evaluateTarget, OUTCOME, type OutcomeCode, type PeerMemo } from './rule.ts';

/**
 * Target outcomes for whole-cluster questions, cached by what determines them. `evaluateTarget(t, q)`
 * reads the subject only through `t.rules(subject, direction)` (an array each target returns, the same
 * array for subjects it treats alike), the destination's named ports (the subject, on ingress) and the
 * names the source resolved (Cilium `toFQDNs`, on egress); everything else is the peer's class and
 * address slot (see `PeerMemo`) and the port. So a row of outcomes, one per peer class and slot, is kept
 * per rules array, direction, port and protocol, plus the subject's container ports when an ingress rule
 * names a port, plus the subject's class when a rule has an FQDN peer. Entries are filled on first use
 * by `evaluateTarget` itself.
 *
 * Subjects whose selecting targets have the same rows, tier order and isolation get the same answers from
 * the combiner, so combined answers are kept per such signature too.
 */

interface RuleTraits {
  readonly namedPorts: boolean;
  readonly fqdn: boolean;
}

const traitsCache = new WeakMap<readonly TargetRule[], RuleTraits>();

function traitsOf(rules: readonly TargetRule[]): RuleTraits {
  let traits = traitsCache.get(rules);
  if (!traits) {
    traits = {
      namedPorts: rules.some((r) => r.ports?.some((p) => p.kind === 'named') ?? false),
      fqdn: rules.some((r) => r.peers?.some((p) => p.kind === 'cilium-fqdn') ?? false),
    };
    traitsCache.set(rules, traits);
  }
  return traits;
}

/** One target's outcomes for one subject, direction and port: one byte per peer class and slot (0 = not yet known). */
export interface OutcomeRow {
  readonly id: number;
  readonly target: PolicyTarget;
  readonly values: Uint8Array;
}

/** The per-analysis cache of target outcomes and combined answers (see the module comment). */
export class OutcomeCache {
  // Keyed weakly: the cache outlives analyses of one cluster, and rules of edited policies go away.
  private readonly rows = new WeakMap<readonly TargetRule[], Map<number, OutcomeRow>>();
  private readonly portSets = new Map<string, number>();
  private readonly combined = new Map<string, Uint8Array>();
  private readonly size: number;
  private nextId = 0;

  constructor(classCount: number) {
    this.size = classCount * 3;
  }

  private portSetOf(subject: PodView): number {
    const key = subject.pod.ports.map((p) => `${p.name ?? ''}:${p.containerPort}/${p.protocol}`).join(',');
    let id = this.portSets.get(key);
    if (id === undefined) {
      id = this.portSets.size;
      this.portSets.set(key, id);
    }
    return id;
  }

  /** Returns the row of `target` for a subject (of class `subjectClass`) in a direction on a port. */
  row(
    target: PolicyTarget,
    subject: PodView,
    subjectClass: number,
    direction: Direction,
    port: number,
    protocol: Protocol,
  ): OutcomeRow {
    const rules = target.rules(subject, direction);
    const traits = traitsOf(rules);
    const who = traits.fqdn
      ? subjectClass + 1
      : traits.namedPorts && direction === 'ingress'
        ? -1 - this.portSetOf(subject)
        : 0;
    // One number per (subject key, direction, protocol, port): ports < 2^16, three protocols, two directions.
    const key = ((who * 2 + (direction === 'ingress' ? 1 : 0)) * 4 + protocolCode(protocol)) * 65536 + port;
    let byKey = this.rows.get(rules);
    if (!byKey) {
      byKey = new Map();
      this.rows.set(rules, byKey);
    }
    let row = byKey.get(key);
    if (!row) {
      row = { id: this.nextId++, target, values: new Uint8Array(this.size) };
      byKey.set(key, row);
    }
    return row;
  }

  /** Returns the combined answers shared by subjects with this signature (0 unknown, then `ANSWER` codes). */
  combinedFor(signature: string): Uint8Array {
    let values = this.combined.get(signature);
    if (!values) {
      // Signatures of edited policies' rows are never asked again: keep the map bounded.
      if (this.combined.size >= COMBINED_LIMIT) this.combined.clear();
      values = new Uint8Array(this.size);
      this.combined.set(signature, values);
    }
    return values;
  }
}

const COMBINED_LIMIT = 20_000;

/** How a direction answers a connection: denied, allowed, or open with its requests filtered by HTTP rules. */
export const ANSWER = { denied: 1, allowed: 2, filtered: 3 } as const;

/** One of `ANSWER`'s values. */
export type DirectionAnswer = (typeof ANSWER)[keyof typeof ANSWER];

function protocolCode(protocol: Protocol): number {
  return protocol === 'TCP' ? 0 : protocol === 'UDP' ? 1 : 2;
}

/**
 * One subject's answers in one direction on one port, towards any peer class: the selecting targets'
 * rows, combined by the one tier combiner. `allows` asks for one peer; `query` builds the full query
 * only when a row has no answer yet for that peer.
 */
export class DirectionRows {
  private readonly rows: readonly OutcomeRow[];
  private readonly selecting: readonly PolicyTarget[];
  private readonly order: TierOrder;
  private readonly memo: PeerMemo;
  private readonly answers: Uint8Array | undefined;
  private at = 0;
  private query: () => DirectionQuery = () => {
    throw new Error('no query');
  };
  private current: DirectionQuery | undefined;
  private readonly outcomeOf = (i: number): OutcomeCode => {
    const row = this.rows[i];
    if (!row) return OUTCOME.none;
    let value = row.values[this.at] ?? 0;
    if (value === 0) {
      this.current ??= this.query();
      value = evaluateTarget(row.target, this.current, this.memo) + 1;
      row.values[this.at] = value;
    }
    return (value - 1) as OutcomeCode;
  };

  constructor(
    cache: OutcomeCache,
    memo: PeerMemo,
    subject: PodView,
    subjectClass: number,
    selecting: readonly PolicyTarget[],
    order: TierOrder,
    direction: Direction,
    port: number,
    protocol: Protocol,
  ) {
    this.selecting = selecting;
    this.order = order;
    this.memo = memo;
    const rows: OutcomeRow[] = [];
    let signature = order.key;
    for (const t of selecting) {
      const row = cache.row(t, subject, subjectClass, direction, port, protocol);
      rows.push(row);
      signature += `,${row.id}`;
    }
    this.rows = rows;
    this.answers = selecting.length === 0 ? undefined : cache.combinedFor(signature);
  }

  /** Returns whether the direction is allowed towards a peer of class `peerClass` using address `slot`. */
  allows(peerClass: number, slot: number, query: () => DirectionQuery): boolean {
    return this.answer(peerClass, slot, query) !== ANSWER.denied;
  }

  /** Returns how the direction answers a peer of class `peerClass` using address `slot` (an `ANSWER` code). */
  answer(peerClass: number, slot: number, query: () => DirectionQuery): DirectionAnswer {
    const answers = this.answers;
    if (!answers) return ANSWER.allowed;
    const at = peerClass * 3 + slot;
    const known = answers[at] ?? 0;
    if (known !== 0) return known as DirectionAnswer;
    this.at = at;
    this.query = query;
    this.current = undefined;
    const code = combineTiers(this.selecting, this.order, this.outcomeOf);
    const answer = combinedFiltered(code)
      ? ANSWER.filtered
      : combinedAllows(code)
        ? ANSWER.allowed
        : ANSWER.denied;
    answers[at] = answer;
    return answer;
  }
}
