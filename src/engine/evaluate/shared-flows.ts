import type { Flow } from '../model/types.ts';
import type { FlowVerdict } from '../model/verdict.ts';
import type { Analysis, EndpointClass } from './analysis.ts';
import { evaluateFlow, evaluateResolved, registerClassView } from './flow.ts';
import type { EndpointView } from './target.ts';

/**
 * Renders many flows, sharing the work between flows whose ends are in the same equivalence
 * classes on the same port. Endpoints of a class are treated alike by every policy, so a verdict
 * differs between such flows only in the endpoint ids and addresses it mentions: the first flow of
 * a (source class, destination class, port) is evaluated with stand-in views whose ids are
 * placeholders, rendered once, and later flows get their own ids and addresses put back in.
 *
 * `render` must copy ids and addresses into its output unchanged (JSON is fine: ids never need
 * escaping, which is checked). Flows that cannot share (Services, loopback, the DNS resolver, ids
 * needing escapes) are evaluated one by one. The output equals `render(evaluateFlow(flow))`.
 */
export function* renderFlowsShared(
  analysis: Analysis,
  flows: readonly Flow[],
  render: (verdict: FlowVerdict) => string,
): Generator<string> {
  for (const { template, values } of shareFlowTexts(analysis, flows, render, (t) => t)) {
    let out = template.parts[0] ?? '';
    for (let i = 0; i < values.length; i++) out += (values[i] ?? '') + (template.parts[i + 1] ?? '');
    yield out;
  }
}

/** One flow's rendered text: `parts[0] values[0] parts[1] values[1] ...`, the template as `prepare` made it. */
export interface FlowText<P = FlowTemplate> {
  /** Shared by every flow of the same class pair and port. */
  readonly template: P;
  /** The flow's own ids and addresses, one per gap between parts. */
  readonly values: readonly string[];
}

/** A rendered verdict cut where ids and addresses go. */
export interface FlowTemplate {
  readonly parts: readonly string[];
  /** What goes in each gap (internal codes). */
  readonly slots: readonly number[];
}

/**
 * The same as `renderFlowsShared`, as templates and values, for callers that encode templates once:
 * `prepare` turns each template into what the caller keeps (say, its bytes), once per template, and
 * only that is kept, so the rendered texts themselves can go at once.
 */
export function* shareFlowTexts<P>(
  analysis: Analysis,
  flows: readonly Flow[],
  render: (verdict: FlowVerdict) => string,
  prepare: (template: FlowTemplate) => P,
): Generator<FlowText<P>> {
  const shared = new SharedRenderer(analysis, render, prepare);
  for (const flow of flows) yield shared.text(flow);
}

const FROM_ID = '\uE000from\uE001';
const TO_ID = '\uE000to\uE001';
/** Slots: 0 = source id, 1 = destination id, 2.. = source addresses, 32.. = destination addresses. */
const FROM_IP = 2;
const TO_IP = 32;
const MAX_IPS = 30;
/** Whether JSON would escape part of an id (ids are copied into rendered JSON as they are), or it holds a placeholder mark. */
function needsEscape(id: string): boolean {
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x2028 || c === 0x2029 || c === 0xe000 || c === 0xe001)
      return true;
  }
  return false;
}
const ADDRESS_CHAR = /[0-9A-Za-z.:/]/;

class SharedRenderer<P> {
  /** Per class pair and port: the prepared template and its slots, or null when it cannot be cut. */
  private readonly templates = new Map<string, { prepared: P; slots: readonly number[] } | null>();
  private readonly stand = new Map<string, EndpointView>();
  /** Per endpoint index: 0 not yet known, 1 shareable, 2 not. */
  private readonly shareableAt: Uint8Array;

  private readonly analysis: Analysis;
  private readonly renderVerdict: (verdict: FlowVerdict) => string;
  private readonly prepare: (template: FlowTemplate) => P;

  constructor(
    analysis: Analysis,
    renderVerdict: (verdict: FlowVerdict) => string,
    prepare: (template: FlowTemplate) => P,
  ) {
    this.analysis = analysis;
    this.renderVerdict = renderVerdict;
    this.prepare = prepare;
    this.shareableAt = new Uint8Array(analysis.endpoints.length);
  }

  text(flow: Flow): FlowText<P> {
    const { analysis } = this;
    const fromIndex = analysis.indexOf(flow.from);
    const toIndex = analysis.indexOf(flow.to);
    if (fromIndex === toIndex || !this.shareable(fromIndex) || !this.shareable(toIndex))
      return this.single(flow);
    const fromClass = analysis.classOf[fromIndex] ?? -1;
    const toClass = analysis.classOf[toIndex] ?? -1;
    const key = `${fromClass}|${toClass}|${flow.port}|${flow.protocol}`;
    let template = this.templates.get(key);
    if (template === undefined) {
      const built = this.build(fromClass, toClass, flow);
      template = built ? { prepared: this.prepare(built), slots: built.slots } : null;
      this.templates.set(key, template);
    }
    if (!template) return this.single(flow);
    const fromIps = addresses(analysis.endpoints[fromIndex]);
    const toIps = addresses(analysis.endpoints[toIndex]);
    const ids = [flow.from, flow.to];
    const values = template.slots.map((slot) =>
      slot < FROM_IP
        ? (ids[slot] ?? '')
        : ((slot < TO_IP ? fromIps[slot - FROM_IP] : toIps[slot - TO_IP]) ?? ''),
    );
    return { template: template.prepared, values };
  }

  /** A flow evaluated on its own. */
  private single(flow: Flow): FlowText<P> {
    const text = this.renderVerdict(evaluateFlow(this.analysis, flow));
    return { template: this.prepare({ parts: [text], slots: [] }), values: [] };
  }

  /**
   * Whether flows from or to the endpoint at `index` can use class templates (remembered per endpoint):
   * a pod or named external with a plain id, not the DNS resolver, with as many addresses as its class's
   * representative.
   */
  private shareable(index: number): boolean {
    if (index < 0) return false;
    let known = this.shareableAt[index];
    if (known === undefined || known === 0) {
      known = this.checkShareable(index) ? 1 : 2;
      this.shareableAt[index] = known;
    }
    return known === 1;
  }

  private checkShareable(index: number): boolean {
    const { analysis } = this;
    const view = analysis.endpoints[index];
    if (!view || view === analysis.resolver || needsEscape(view.id)) return false;
    const rep = analysis.classes[analysis.classOf[index] ?? -1]?.representative;
    if (!rep || rep.kind !== view.kind) return false;
    // External endpoints are classes of their own: only the representative itself shares.
    if (view.kind === 'external' && rep !== view) return false;
    const ips = addresses(view);
    return ips.length === addresses(rep).length && ips.length <= MAX_IPS;
  }

  /** A view standing for every member of a class, with a placeholder id. */
  private standIn(cls: EndpointClass, role: 'from' | 'to'): EndpointView {
    const key = `${cls.index}|${role}`;
    let view = this.stand.get(key);
    if (!view) {
      const rep = cls.representative;
      const id = role === 'from' ? FROM_ID : TO_ID;
      view = { ...rep, id };
      registerClassView(view, cls);
      this.stand.set(key, view);
    }
    return view;
  }

  /** Renders the class pair once with placeholders; null when the text cannot be cut safely. */
  private build(fromClass: number, toClass: number, flow: Flow): FlowTemplate | null {
    const { analysis } = this;
    const fromCls = analysis.classes[fromClass];
    const toCls = analysis.classes[toClass];
    if (!fromCls || !toCls) return null;
    const from = this.standIn(fromCls, 'from');
    const to = this.standIn(toCls, 'to');
    const standFlow: Flow = { from: from.id, to: to.id, port: flow.port, protocol: flow.protocol };
    const text = this.renderVerdict(evaluateResolved(analysis, standFlow, from, to, flow.port));
    const needles: { text: string; slot: number }[] = [
      { text: FROM_ID, slot: 0 },
      { text: TO_ID, slot: 1 },
    ];
    addresses(from).forEach((ip, i) => needles.push({ text: ip, slot: FROM_IP + i }));
    addresses(to).forEach((ip, i) => needles.push({ text: ip, slot: TO_IP + i }));
    return cut(text, needles);
  }
}

function addresses(view: EndpointView | undefined): readonly string[] {
  return view === undefined ? [] : view.kind === 'pod' ? view.pod.ips : view.external.ips;
}

/**
 * Cuts `text` at every occurrence of the needles; null when an address is not a whole word or
 * two needles overlap (both ends with the same address), so the text cannot be cut safely.
 */
function cut(text: string, needles: readonly { text: string; slot: number }[]): FlowTemplate | null {
  const hits: { at: number; length: number; slot: number }[] = [];
  for (const needle of needles) {
    if (needle.text === '') continue;
    let at = text.indexOf(needle.text);
    while (at >= 0) {
      const end = at + needle.text.length;
      const whole =
        needle.slot < FROM_IP ||
        (!ADDRESS_CHAR.test(text[at - 1] ?? ' ') && !ADDRESS_CHAR.test(text[end] ?? ' '));
      // An address inside a longer word (another address, a CIDR, a sentence's full stop) cannot be
      // told apart from text that does not depend on the endpoint: evaluate such flows one by one.
      if (!whole || hits.some((h) => h.at < end && at < h.at + h.length)) return null;
      hits.push({ at, length: needle.text.length, slot: needle.slot });
      at = text.indexOf(needle.text, end);
    }
  }
  hits.sort((a, b) => a.at - b.at);
  const parts: string[] = [];
  const slots: number[] = [];
  let last = 0;
  for (const hit of hits) {
    parts.push(text.slice(last, hit.at));
    slots.push(hit.slot);
    last = hit.at + hit.length;
  }
  parts.push(text.slice(last));
  return { parts, slots };
}
