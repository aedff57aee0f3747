import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { describeEndpoint, summarizeExposure, summaryLine, type Challenge } from '../../engine/index.ts';
import GraphPane from '../graph/GraphPane.tsx';
import { edgeId } from '../graph/edges.ts';
import ChallengePanel from './ChallengePanel.tsx';
import ExplanationPane from './ExplanationPane.tsx';
import { portLabel, toEditor, type ParsedScenario } from './model.ts';
import EditorPane from './EditorPane.tsx';
import EndpointDetails from './EndpointDetails.tsx';
import { readProgress, recordSolve, useProgress } from './progress.ts';
import ShareBox from './ShareBox.tsx';
import { pageStorage } from './storage.ts';
import type { MadeLink, SharedTraffic } from './persistence.ts';
import type { SandboxAction, SandboxState } from './state.ts';
import { ChangeList, DiagnosticList, UnitChangeList } from './StatusLists.tsx';
import TruthTable from './TruthTable.tsx';
import { useDebounced, useSandboxModel } from './useSandboxModel.ts';
import LargeResult from './LargeResult.tsx';
import { usesWorker, useEngineWorker } from './worker/useEngineWorker.ts';
import { emptyClusterNote } from './cluster-notes.ts';
import { AuthorStatus, FlowActions, PodActions } from './AuthorActions.tsx';
import { useAuthoring } from './useAuthoring.ts';
import ExposurePanel from './ExposurePanel.tsx';
import FormatSwitch from './FormatSwitch.tsx';
import { textFormat } from './format-view.ts';
import { useHydrated } from '../ui/hydrated.ts';
import type { OtherTab } from './other-tab.ts';
import OtherTabNotice from './OtherTabNotice.tsx';
import TrafficPanel, { type TrafficPreset } from '../traffic/TrafficPanel.tsx';
import ObservedTraffic from '../traffic/ObservedTraffic.tsx';
import { withObserved } from '../traffic/observed-edges.ts';
import { useTraffic } from '../traffic/useTraffic.ts';

/** The Port menu's value for the all-ports view. */
const ALL_PORTS = 'all';

interface Props {
  readonly state: SandboxState;
  readonly dispatch: (action: SandboxAction) => void;
  readonly challenge: Challenge | null;
  readonly next?: { href: string; title: string };
  /** Makes the share link, with the loaded flow log when it fits (else the link says it is left out). */
  readonly makeShareLink: (traffic: SharedTraffic | null) => Promise<MadeLink>;
  /** Said with the share link about what it holds. */
  readonly shareNote?: string;
  /** Offers the state as a file when it is too large for a link (the playground, which reads it back). */
  readonly downloadState?: (traffic: SharedTraffic | null) => void;
  /** Extra controls for the toolbar (the playground's scenario picker, upload, download). */
  readonly tools?: ReactNode;
  /** Heading level of the pane titles: 2 on a page of its own, 3 inside a lesson section. */
  readonly level?: 2 | 3;
  /** A scenario the engine read at build time; used while the state's cluster text is its text. */
  readonly known?: ParsedScenario | null;
  /**
   * Edits from the picture (Allow / Block this connection, Isolate this pod). Off in challenges, where they
   * would give the answer away (docs/decisions/0115-authoring-outside-challenges.md).
   */
  readonly authoring?: boolean;
  /** The playground's extra panels: the Kubernetes | Cilium switch and the exposure summary. */
  readonly panels?: readonly ('formats' | 'exposure')[];
  /** Another tab changed the same work (from the autosave): say so and offer both versions. */
  readonly otherTab?: OtherTab | null;
  /** Show the Traffic panel (Hubble flows), with the page's own flow log when it has one. */
  readonly traffic?: {
    readonly preset?: TrafficPreset;
    /** Where the loaded log is saved with the work. */
    readonly storageKey?: string;
    /** Changed when a log was put under `storageKey` from outside (a state file opened): it is read again. */
    readonly reload?: number;
  };
}

/** The sandbox panes: challenge, toolbar, editor, graph or table, changes and explanation. */
export default function SandboxView({
  state,
  dispatch,
  challenge,
  next,
  makeShareLink,
  shareNote,
  downloadState,
  tools,
  level = 3,
  known = null,
  authoring = true,
  panels = [],
  otherTab = null,
  traffic,
}: Props) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const ready = useHydrated();
  // Pasted clusters of real size go to the engine worker; lessons and course scenarios stay in the page.
  const inWorker = usesWorker(state.clusterText, known !== null && known.text === state.clusterText);
  // "All ports" is a way of looking, not part of the saved or shared state.
  const [allPorts, setAllPorts] = useState(false);
  // Any port set elsewhere (a goal's why? shows its own port) ends the all-ports view.
  useEffect(() => setAllPorts(false), [state.port]);
  const model = useSandboxModel(state, challenge, next, known, inWorker, allPorts && !inWorker);
  const large = useEngineWorker(inWorker, state.clusterText, state.policies, state.port, state.selection);
  const [view, setView] = useState<'graph' | 'table'>('graph');
  const [highlight, setHighlight] = useState<{ from: number; to: number; nonce: number } | null>(null);
  const id = useId();
  const [reveal, setReveal] = useState(0);
  const onHighlight = useCallback(
    (range: { from: number; to: number }) => setHighlight({ ...range, nonce: Date.now() }),
    [],
  );
  // On a narrow screen the Why pane sits far below the table and the graph: bring it to the learner.
  const selectFlow = useCallback(
    (selection: { from: string; to: string } | null) => {
      dispatch({ type: 'select', selection });
      if (selection && window.matchMedia('(max-width: 63.99rem)').matches) setReveal((n) => n + 1);
    },
    [dispatch],
  );
  const onEdit = useCallback(
    (policies: string) => {
      performance.mark('np-edit');
      dispatch({ type: 'edit', policies });
    },
    [dispatch],
  );
  // Edit-to-screen latency: child effects (the graph's in-place update) have run by now.
  useEffect(() => {
    if (inWorker) return;
    if (performance.getEntriesByName('np-edit', 'mark').length === 0) return;
    performance.measure('np-edit-to-update', 'np-edit');
    performance.clearMarks('np-edit');
  }, [model.policies, inWorker]);
  const ports = inWorker ? (large.info?.ports ?? []) : model.cluster.ports;
  const port = inWorker ? large.port : model.port;
  const anyPort = inWorker ? null : model.anyPort;
  const label = anyPort ? 'any port' : portLabel(port);
  const emptyNote = inWorker
    ? large.info && !large.info.overBudget
      ? emptyClusterNote({
          ok: large.info.ok,
          endpoints: large.info.units.length,
          skipped: large.info.skipped,
        })
      : null
    : emptyClusterNote({
        ok: model.cluster.cluster !== null,
        endpoints: (model.cluster.cluster?.pods.length ?? 0) + (model.cluster.cluster?.externals.length ?? 0),
        skipped: model.cluster.cluster?.summary?.skipped ?? {},
      });
  // A pasted cluster says what was read and skipped, in one line (course scenarios need no such line).
  const inPageSummary = model.cluster.cluster?.summary;
  const readNote =
    state.scenarioId !== null
      ? ''
      : inWorker
        ? (large.info?.summary ?? '')
        : inPageSummary
          ? summaryLine(inPageSummary)
          : '';
  // Debounced as in the page: every placement in the editor re-syncs its selection, a layout of the page,
  // and the verdicts and the lint of each keystroke arrive apart.
  const largeDiagnostics = useDebounced(
    useMemo(() => toEditor(large.diagnostics), [large.diagnostics]),
    300,
  );
  const cluster = model.cluster.cluster;
  const details = useMemo(
    () => (cluster && state.focus ? describeEndpoint(cluster, state.focus) : null),
    [cluster, state.focus],
  );
  const canAuthor = authoring && !state.challenge && !inWorker && cluster !== null;
  const author = useAuthoring(state, dispatch, canAuthor ? cluster : null, model.cluster.ports);
  const explained = inWorker ? large.explanation : model.explanation;
  // On all ports a pair stands for many connections: edits are offered one port at a time.
  const flowActions =
    canAuthor && !anyPort && explained && !explained.flow.http ? (
      <FlowActions
        flow={{ ...explained.flow, protocol: explained.flow.protocol as 'TCP' | 'UDP' | 'SCTP' }}
        allowed={explained.allowed}
        onRun={author.run}
      />
    ) : null;
  const analysis = inWorker ? null : model.policies.analysis;
  const exposure = useMemo(
    () => (panels.includes('exposure') && analysis ? summarizeExposure(analysis, model.port) : null),
    [panels, analysis, model.port],
  );
  const focusPod = useCallback(
    (pod: string) => {
      if (state.focus !== pod) dispatch({ type: 'focus', endpoint: pod });
    },
    [state.focus, dispatch],
  );
  const selectedEdge = state.selection ? edgeId(state.selection.from, state.selection.to) : null;
  // A loaded flow log: its connections on the graph, with the policies' verdicts from verifyTraffic.
  const layout = model.cluster.layout;
  const drawn = useMemo(() => new Set(layout.endpoints.map((e) => e.id)), [layout]);
  const session = useTraffic(
    traffic !== undefined && !inWorker,
    cluster,
    analysis,
    state.policies,
    drawn,
    traffic?.storageKey ?? null,
    traffic?.reload ?? 0,
  );
  const overlay = session.log?.traffic ? session.overlay : null;
  const edges = useMemo(() => withObserved(model.edges, overlay), [model.edges, overlay]);
  const observedNote =
    overlay && overlay.pairs.length > 0
      ? ` Observed traffic from the flow log is drawn with a wide violet halo and its count; ${overlay.pairs.filter((p) => p.denied).length} of ${overlay.pairs.length} observed pairs are denied, marked "denied" (listed under Observed traffic).`
      : '';
  // A solve counts once the learner's own action made it: text a link or the page put there does not.
  const solved = (model.challenge?.solved ?? false) && state.policiesFrom === 'learner';
  const challengeId = state.challenge?.id ?? null;
  const recorded = useProgress(
    () => (challengeId === null ? false : readProgress(pageStorage()).challenges[challengeId] !== undefined),
    [challengeId],
  );
  const wasSolved = useRef(solved);
  useEffect(() => {
    if (solved && !wasSolved.current && state.challenge)
      recordSolve(pageStorage(), state.challenge.id, state.usedHelp ? 'solved-with-help' : 'solved');
    wasSolved.current = solved;
  }, [solved, state.challenge, state.usedHelp]);

  return (
    <div className="np-sandbox" aria-busy={!ready}>
      {model.challenge && (
        <ChallengePanel
          level={level}
          view={model.challenge}
          state={state}
          dispatch={dispatch}
          explanation={model.explanation}
          onHighlight={onHighlight}
          uncounted={model.challenge.solved && !solved && !recorded}
        />
      )}
      <div className="np-toolbar">
        <label className="np-field">
          <span>Port</span>
          <select
            value={anyPort ? ALL_PORTS : portLabel(port)}
            disabled={!ready}
            onChange={(event) => {
              const all = event.target.value === ALL_PORTS;
              setAllPorts(all);
              if (!all)
                dispatch({
                  type: 'set-port',
                  port: ports.find((p) => portLabel(p) === event.target.value) ?? port,
                });
            }}
          >
            {ports.map((p) => (
              <option key={portLabel(p)} value={portLabel(p)}>
                {portLabel(p)}
              </option>
            ))}
            {!inWorker && <option value={ALL_PORTS}>All ports (any port a pod serves)</option>}
          </select>
        </label>
        {tools}
        {canAuthor && panels.includes('formats') && cluster && (
          <FormatSwitch
            cluster={cluster}
            text={state.policies}
            format={textFormat(model.policies.analysis?.policies ?? [])}
            ports={model.cluster.ports}
            onApply={author.apply}
            onProblem={author.refuse}
          />
        )}
        {!state.challenge && (
          <span className="np-actions">
            <button
              type="button"
              className="np-button"
              disabled={!ready}
              onClick={() => dispatch({ type: 'reset' })}
            >
              Reset
            </button>
            {state.undo !== null && (
              <button type="button" className="np-button" onClick={() => dispatch({ type: 'undo-reset' })}>
                Undo reset
              </button>
            )}
          </span>
        )}
        <ShareBox
          makeLink={() => makeShareLink(session.source)}
          {...(shareNote ? { note: shareNote } : {})}
          {...(downloadState ? { downloadState: () => downloadState(session.source) } : {})}
        />
      </div>
      {otherTab && <OtherTabNotice otherTab={otherTab} />}
      {state.notice && (
        <p
          className={`np-notice np-notice-${state.notice.tone}`}
          role={state.notice.tone === 'error' ? 'alert' : 'status'}
        >
          {state.notice.text}
        </p>
      )}
      {inWorker && large.message && (
        <p className="np-notice np-notice-error" role="alert">
          {large.message}
        </p>
      )}
      {readNote && (
        <p className="np-notice np-notice-info" role="status">
          What was read: {readNote}.
        </p>
      )}
      {emptyNote && (
        <p className="np-notice np-notice-info" role="status">
          {emptyNote}
        </p>
      )}
      {(inWorker ? (large.info?.errors ?? []) : model.cluster.errors).length > 0 && (
        <div className="np-notice np-notice-error" role="alert">
          <p>The cluster could not be read:</p>
          <ul>
            {(inWorker ? (large.info?.errors ?? []) : model.cluster.errors).slice(0, 5).map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      {exposure && (
        <ExposurePanel level={level} exposure={exposure} onFocusPod={focusPod} onHighlight={onHighlight} />
      )}
      <div className="np-columns">
        <div className="np-pane np-pane-editor">
          <Heading className="np-pane-title" id={`${id}-editor`}>
            Policies{' '}
            <span className="np-muted">
              ({inWorker ? (large.evaluation?.policyCount ?? 0) : model.policies.policyCount} loaded)
            </span>
          </Heading>
          <EditorPane
            value={state.policies}
            onChange={onEdit}
            diagnostics={inWorker ? largeDiagnostics : model.editorDiagnostics}
            completionData={
              inWorker ? (large.info?.completion ?? model.cluster.completion) : model.cluster.completion
            }
            highlight={highlight}
            label="Policies (YAML)"
          />
          <DiagnosticList diagnostics={inWorker ? large.diagnostics : model.policies.raw} />
        </div>
        <div className="np-pane np-pane-result">
          <div className="np-pane-head">
            <Heading className="np-pane-title">Who can connect on {label}</Heading>
            <div className="np-switch" role="group" aria-label="Show as">
              <button
                type="button"
                aria-pressed={view === 'graph'}
                disabled={!ready}
                onClick={() => setView('graph')}
              >
                Graph
              </button>
              <button
                type="button"
                aria-pressed={view === 'table'}
                disabled={!ready}
                onClick={() => setView('table')}
              >
                Table
              </button>
            </div>
          </div>
          {session.log?.traffic && (
            <ObservedTraffic
              overlay={session.overlay}
              shown={session.shown}
              onShow={session.setShown}
              ready={ready}
            />
          )}
          {inWorker ? (
            <LargeResult
              model={large}
              view={view}
              selection={state.selection}
              focus={state.focus}
              portLabel={label}
              title={model.cluster.title}
              onSelect={(selection) => dispatch({ type: 'select', selection })}
              onFocus={(endpoint) => dispatch({ type: 'focus', endpoint })}
            />
          ) : view === 'graph' ? (
            <GraphPane
              layout={layout}
              edges={edges}
              focus={state.focus}
              selectedEdge={selectedEdge}
              onFocus={(endpoint) => dispatch({ type: 'focus', endpoint })}
              onSelectEdge={(from, to) => selectFlow({ from, to })}
              tapExternals
              label={`Graph of ${model.cluster.title} on ${label}: solid arrows are allowed, dashed arrows denied${(anyPort ?? model.policies).filtered.size > 0 ? ', dotted arrows marked HTTP are allowed with each request filtered by HTTP rules' : ''}. The Table button shows the same as text.${observedNote}`}
            />
          ) : (
            <TruthTable
              sources={model.policies.matrix?.endpoints ?? []}
              destinations={model.policies.matrix?.endpoints ?? []}
              verdicts={(anyPort ?? model.policies).verdicts}
              filtered={(anyPort ?? model.policies).filtered}
              changed={
                anyPort ? new Set() : new Set(model.changes.map((c) => `${c.flow.from} -> ${c.flow.to}`))
              }
              selection={state.selection}
              portLabel={label}
              onSelect={selectFlow}
            />
          )}
          <EndpointDetails
            level={level}
            details={details}
            onClose={() => state.focus && dispatch({ type: 'focus', endpoint: state.focus })}
            actions={
              canAuthor && details?.kind === 'pod' ? <PodActions pod={details.id} onRun={author.run} /> : null
            }
          />
          {canAuthor && (
            <AuthorStatus authored={state.authored} problem={author.problem} onUndo={author.undo} />
          )}
          {inWorker ? (
            <UnitChangeList overview={large.overview} port={port} />
          ) : (
            <ChangeList changes={model.changes} />
          )}
          <ExplanationPane
            level={level}
            explanation={explained}
            onHighlight={onHighlight}
            reveal={reveal}
            actions={flowActions}
          />
        </div>
      </div>
      {traffic && (
        <TrafficPanel
          level={level}
          session={session}
          inWorker={inWorker}
          {...(traffic.preset ? { preset: traffic.preset } : {})}
          {...(challenge ? { context: challenge.title } : {})}
          onGenerate={onEdit}
          onHighlight={onHighlight}
        />
      )}
    </div>
  );
}
