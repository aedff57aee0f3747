import {
  allowFlow,
  blockFlow,
  isolatePod,
  type AuthorEdit,
  type Cluster,
  type EndpointId,
  type Flow,
  type IsolateDirection,
  type PortProtocol,
  type Result,
} from '../../engine/index.ts';

/** What the learner asked for from the picture. */
export type AuthorRequest =
  | { readonly kind: 'allow'; readonly flow: Flow }
  | { readonly kind: 'block'; readonly flow: Flow }
  | { readonly kind: 'isolate'; readonly pod: EndpointId; readonly direction: IsolateDirection };

/** The edit to apply (new text and what it changed, in words), or why there is none. */
export type AuthorOutcome =
  | { readonly ok: true; readonly text: string; readonly summary: string; readonly steps: readonly string[] }
  | { readonly ok: false; readonly message: string };

const VERB: Readonly<Record<AuthorRequest['kind'], string>> = {
  allow: 'allow this connection',
  block: 'block this connection',
  isolate: 'isolate this pod',
};

/** Returns the engine's edit for a request against the editor's text, with its proof in one sentence. */
export function runAuthorRequest(
  cluster: Cluster,
  policiesText: string,
  request: AuthorRequest,
  ports: readonly PortProtocol[],
): AuthorOutcome {
  const input = { cluster, policiesText, ports };
  let result: Result<AuthorEdit>;
  switch (request.kind) {
    case 'allow':
      result = allowFlow(input, request.flow);
      break;
    case 'block':
      result = blockFlow(input, request.flow);
      break;
    case 'isolate':
      result = isolatePod(input, request.pod, request.direction);
      break;
  }
  if (!result.ok)
    return {
      ok: false,
      message: `Could not ${VERB[request.kind]}: ${result.diagnostics.map((d) => d.message).join(' ')}`,
    };
  const edit = result.value;
  const because = edit.collateral.length > 0 && edit.because ? ` (${edit.because})` : '';
  const spanned = new Set(edit.changes.map((c) => `${c.flow.port}/${c.flow.protocol}`)).size;
  const over = spanned > 1 ? `, over ${spanned} ports` : '';
  return {
    ok: true,
    text: edit.text,
    summary: `${sentence(edit.summary)}${over}${because}.`,
    steps: edit.steps.map((s) => s.message),
  };
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
