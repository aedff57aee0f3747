import { useId, useMemo, useState, type ChangeEvent } from 'react';
import type { GenerateKind } from '../../engine/index.ts';
import { useHydrated } from '../ui/hydrated.ts';
import { useTypedEarly } from '../ui/typed-early.ts';
import ConnectionList from './ConnectionList.tsx';
import { generateFromTraffic, listConnections, type FlowLogView } from './traffic-model.ts';
import type { TrafficSession } from './useTraffic.ts';
import './traffic.css';

/** A flow log that comes with the page (a lesson's), fetched when the learner asks for it. */
export interface TrafficPreset {
  readonly href: string;
  readonly name: string;
}

interface Props {
  readonly level: 2 | 3;
  /** The loaded log and its verdicts (shared with the graph, which draws the observed connections). */
  readonly session: TrafficSession;
  /** The cluster is analysed in the engine worker: traffic checks need it on the page. */
  readonly inWorker: boolean;
  readonly preset?: TrafficPreset;
  /** What the panel's region is named after on a page of several sandboxes (a challenge's title). */
  readonly context?: string;
  readonly onGenerate: (policies: string) => void;
  readonly onHighlight: (range: { from: number; to: number }) => void;
}

// Hubble logs are long (about 700 bytes a flow): 64 MB is some 90,000 flows.
const MAX_LOG = 64 * 1024 * 1024;

type Notice = { readonly tone: 'info' | 'error'; readonly text: string } | null;

/** Hubble flows in: the connections they show, checked against the policies, or policies generated from them. */
export default function TrafficPanel(props: Props) {
  const { level, session, inWorker, preset, context, onGenerate, onHighlight } = props;
  const Heading = level === 2 ? 'h2' : 'h3';
  const id = useId();
  const [draft, setDraft] = useState('');
  const [kind, setKind] = useState<GenerateKind>('networkpolicy');
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  // Controls wait for the island (decision 0103); flows pasted before it ran are kept.
  const ready = useHydrated();
  useTypedEarly(`${id}-flows`, draft, setDraft);

  const { log, setChecking } = session;
  const traffic = log?.traffic ?? null;
  // Live: once asked, the check follows every edit of the policies.
  const check = session.checking ? session.check : null;
  const listed = useMemo(() => (traffic ? listConnections(traffic) : null), [traffic]);

  const use = (name: string, text: string): void => {
    session.use({ name, text });
    setNotice(null);
  };
  const loadPreset = async (): Promise<void> => {
    if (!preset) return;
    setBusy(true);
    try {
      const response = await fetch(preset.href);
      if (!response.ok) throw new Error(`${preset.href} answered ${response.status}`);
      use(preset.name, await response.text());
    } catch (error) {
      setNotice({
        tone: 'error',
        text: `The lesson's flow log could not be loaded (${error instanceof Error ? error.message : String(error)}).`,
      });
    } finally {
      setBusy(false);
    }
  };
  const upload = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > MAX_LOG) {
      setNotice({ tone: 'error', text: `${file.name} is larger than 64 MB; use the command line for it.` });
      return;
    }
    use(file.name, await file.text());
  };
  const generate = (): void => {
    if (!traffic || !log) return;
    const result = generateFromTraffic(traffic, kind, log.name);
    if (!result.ok) return setNotice({ tone: 'error', text: result.message });
    onGenerate(result.text);
    setChecking(true);
    setNotice({ tone: 'info', text: `${result.summary} They are in the editor now.` });
  };

  return (
    <section className="np-panel np-traffic" aria-label={context ? `Traffic: ${context}` : 'Traffic'}>
      <Heading className="np-panel-title">Traffic</Heading>
      <p className="np-muted">
        Observed flows from Cilium's Hubble: <code>hubble observe -o json</code> (one flow per line) or a JSON
        array.
      </p>
      {inWorker ? (
        <p className="np-notice np-notice-info" role="status">
          This cluster is too large to check traffic in the page; use{' '}
          <code>npm run -s netpol -- verify --hubble FILE --policies FILE --cluster FILE</code>.
        </p>
      ) : (
        <>
          <div className="np-actions">
            {preset && (
              <button
                type="button"
                className="np-button"
                disabled={busy || !ready}
                onClick={() => void loadPreset()}
              >
                Load the lesson's flow log
              </button>
            )}
            <label className="np-button np-upload" aria-disabled={!ready}>
              Upload a flow log (JSON)
              <input
                type="file"
                disabled={!ready}
                accept=".json,.jsonl,.ndjson,.txt,application/json,application/x-ndjson"
                onChange={(event) => void upload(event)}
                className="np-visually-hidden"
              />
            </label>
          </div>
          <details className="np-traffic-paste">
            <summary>Paste flows</summary>
            <label htmlFor={`${id}-flows`} className="np-block-label">
              Hubble flows (JSON)
            </label>
            <textarea
              id={`${id}-flows`}
              className="np-cluster-text"
              rows={5}
              spellCheck={false}
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
            />
            <button
              type="button"
              className="np-button"
              disabled={!ready || draft.trim() === ''}
              onClick={() => use('pasted flows', draft)}
            >
              Read these flows
            </button>
          </details>
        </>
      )}
      {notice && (
        <p
          className={`np-notice np-notice-${notice.tone}`}
          role={notice.tone === 'error' ? 'alert' : 'status'}
        >
          {notice.text}
        </p>
      )}
      {log && <LogStatus log={log} />}
      {session.unsaved && (
        <p className="np-notice np-notice-info" role="status">
          This flow log is too large to keep with your work ({Math.ceil(session.source!.text.length / 1e6)}{' '}
          MB, more than 1 MB): it is not restored after a reload.
        </p>
      )}
      {traffic && log && (
        <>
          <div className="np-actions">
            <button type="button" className="np-button np-button-primary" onClick={() => setChecking(true)}>
              Check against traffic
            </button>
            <button type="button" className="np-button" onClick={generate}>
              Generate from traffic
            </button>
            <label className="np-field" htmlFor={`${id}-kind`}>
              <span>as</span>
              <select
                id={`${id}-kind`}
                value={kind}
                onChange={(event) => setKind(event.target.value === 'cilium' ? 'cilium' : 'networkpolicy')}
              >
                <option value="networkpolicy">NetworkPolicy</option>
                <option value="cilium">CiliumNetworkPolicy</option>
              </select>
            </label>
          </div>
          {check ? (
            <>
              <p
                className={`np-notice ${check.denied.length > 0 ? 'np-notice-error' : 'np-notice-info'}`}
                role="status"
              >
                {check.denied.length === 0
                  ? `All ${check.connections.length.toLocaleString('en')} observed connections are allowed by the current policies.`
                  : `${check.denied.length.toLocaleString('en')} of ${check.connections.length.toLocaleString('en')} observed connections would be denied by the current policies.`}
              </p>
              {check.denied.length > 0 && (
                <ConnectionList
                  connections={check.denied}
                  label="Observed connections the policies would deny"
                  onHighlight={onHighlight}
                />
              )}
              <details>
                <summary>All observed connections ({check.connections.length.toLocaleString('en')})</summary>
                <ConnectionList
                  connections={check.connections}
                  label="Observed connections and their verdicts"
                  onHighlight={onHighlight}
                />
              </details>
            </>
          ) : (
            listed && (
              <details open>
                <summary>Observed connections ({listed.length.toLocaleString('en')})</summary>
                <ConnectionList connections={listed} label="Observed connections" onHighlight={onHighlight} />
              </details>
            )
          )}
        </>
      )}
    </section>
  );
}

/** What was read: the summary, bad lines as `line N: message` with their count, ends left out. */
function LogStatus({ log }: { readonly log: FlowLogView }) {
  return (
    <>
      <p className={`np-notice ${log.traffic ? 'np-notice-info' : 'np-notice-error'}`} role="status">
        {log.summary}
      </p>
      {log.bad > 0 && (
        <div className="np-notice np-notice-error" role="alert">
          <p>
            {log.bad.toLocaleString('en')} {log.bad === 1 ? 'line' : 'lines'} of {log.name} could not be read
            {log.bad > log.lineErrors.length ? ` (the first ${log.lineErrors.length} are listed)` : ''}:
          </p>
          <ul>
            {log.lineErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      {log.warnings.length > 0 && (
        <details className="np-notice np-notice-info">
          <summary>{log.warnings.length.toLocaleString('en')} left out</summary>
          <ul>
            {log.warnings.slice(0, 20).map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
