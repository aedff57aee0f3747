import type { DirectionVerdict, FlowVerdict } from '../engine/index.ts';

/**
 * Renders many verdicts, once per connection shared between flows. Verdicts of flows between members of
 * the same classes on the same port are one object apart from the flow's own ids and addresses (the
 * engine's reasons name the ends by role), so such a verdict is rendered once with stand-in marks for
 * those, and each flow's text is the rendered parts with its own ids and addresses put in. The output is
 * exactly what rendering each verdict gives (a test compares both on a generated cluster); flows through
 * a Service, naming a workload or carrying an HTTP request are rendered on their own.
 */

const MARK = '\uE000';
/** The stand-ins and how to read each flow's value for them. */
const SLOTS: readonly { readonly mark: string; readonly value: (v: FlowVerdict) => string | undefined }[] = [
  { mark: `${MARK}F`, value: (v) => v.flow.from },
  { mark: `${MARK}T`, value: (v) => v.flow.to },
  { mark: `${MARK}S`, value: (v) => v.addresses.source?.text },
  { mark: `${MARK}D`, value: (v) => v.addresses.destination?.text },
  { mark: `${MARK}L`, value: (v) => v.addresses.lookup?.source?.text },
];

interface Template {
  readonly parts: readonly string[];
  readonly slots: readonly number[];
}

/** Renders verdicts through `render`, sharing the work between flows of one connection. */
export class SharedRenderer {
  private readonly templates = new WeakMap<DirectionVerdict, Map<string, Template>>();
  private readonly render: (verdict: FlowVerdict) => string;

  constructor(render: (verdict: FlowVerdict) => string) {
    this.render = render;
  }

  /** Returns `render(verdict)`. */
  text(verdict: FlowVerdict): string {
    const values = SLOTS.map((s) => s.value(verdict));
    // A flow carrying an HTTP request is rendered with its request as written: on its own.
    const alone = verdict.via || verdict.members || verdict.problem || verdict.flow.http;
    if (alone || values.some((v) => v?.includes(MARK))) return this.render(verdict);
    // The words for an address say why it was chosen: part of the key, like the connection itself.
    const key = [verdict.addresses.source, verdict.addresses.destination, verdict.addresses.lookup?.source]
      .map((a) => (a ? a.choice : '-'))
      .join(',');
    let byKey = this.templates.get(verdict.egress);
    if (!byKey) {
      byKey = new Map();
      this.templates.set(verdict.egress, byKey);
    }
    let template = byKey.get(key);
    if (!template) {
      template = cut(this.render(standIn(verdict)));
      byKey.set(key, template);
    }
    let out = template.parts[0] ?? '';
    for (let i = 0; i < template.slots.length; i++)
      out += (values[template.slots[i] ?? 0] ?? '') + (template.parts[i + 1] ?? '');
    return out;
  }
}

function standIn(v: FlowVerdict): FlowVerdict {
  const address = (a: FlowVerdict['addresses']['source'], mark: string) =>
    a ? { ...a, text: mark } : undefined;
  const source = address(v.addresses.source, `${MARK}S`);
  const destination = address(v.addresses.destination, `${MARK}D`);
  const lookup = v.addresses.lookup;
  const lookupSource = address(lookup?.source, `${MARK}L`);
  return {
    ...v,
    flow: { ...v.flow, from: `${MARK}F`, to: `${MARK}T` },
    addresses: {
      ...(source ? { source } : {}),
      ...(destination ? { destination } : {}),
      ...(lookup
        ? {
            lookup: {
              ...(lookupSource ? { source: lookupSource } : {}),
              ...(lookup.destination ? { destination: lookup.destination } : {}),
            },
          }
        : {}),
    },
  };
}

function cut(text: string): Template {
  const parts: string[] = [];
  const slots: number[] = [];
  let last = 0;
  for (let at = text.indexOf(MARK); at >= 0; at = text.indexOf(MARK, at + 2)) {
    const slot = SLOTS.findIndex((s) => s.mark === text.slice(at, at + 2));
    parts.push(text.slice(last, at));
    slots.push(slot < 0 ? 0 : slot);
    last = at + 2;
  }
  parts.push(text.slice(last));
  return { parts, slots };
}
