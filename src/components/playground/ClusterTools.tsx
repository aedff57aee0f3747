import { useId, useState, type ChangeEvent } from 'react';
import type { SandboxAction, SandboxState } from '../sandbox/state.ts';
import { download } from '../ui/download.ts';
import RealClusterExport from '../ui/RealClusterExport.tsx';

interface Props {
  readonly state: SandboxState;
  readonly dispatch: (action: SandboxAction) => void;
  /** Offers the whole state (cluster, policies, port) as a state file. */
  readonly downloadState: () => void;
  /** Opens a state file's text (restores the whole state). */
  readonly openState: (name: string, text: string) => Promise<void>;
}

const MAX_UPLOAD = 1_000_000;
/** A state file holds a cluster of up to 600,000 characters and policies of up to 300,000, JSON-escaped. */
const MAX_STATE_FILE = 2_000_000;

/** Paste a cluster, upload or download policies, download or open a state file. */
export default function ClusterTools({ state, dispatch, downloadState, openState }: Props) {
  const [draft, setDraft] = useState(state.scenarioId === null ? state.clusterText : '');
  const id = useId();

  const readFile = async (
    event: ChangeEvent<HTMLInputElement>,
    limit = MAX_UPLOAD,
  ): Promise<{ name: string; text: string } | null> => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return null;
    if (file.size > limit) {
      dispatch({
        type: 'notice',
        notice: {
          tone: 'error',
          text: `${file.name} is larger than ${limit / 1_000_000} MB; the playground reads smaller files.`,
        },
      });
      return null;
    }
    return { name: file.name, text: await file.text() };
  };
  const upload = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = await readFile(event);
    if (!file) return;
    dispatch({ type: 'edit', policies: file.text });
    dispatch({ type: 'notice', notice: { tone: 'info', text: `Loaded policies from ${file.name}.` } });
  };
  // A whole dump (kubectl get -A -o yaml or -o json, rendered manifests) is used as it is, not copied into the text area.
  const uploadCluster = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = await readFile(event);
    if (!file) return;
    setDraft('');
    dispatch({ type: 'load-scenario', id: null, clusterText: file.text });
    dispatch({
      type: 'notice',
      notice: {
        tone: 'info',
        text: `Using the cluster from ${file.name} (${file.text.length.toLocaleString('en')} characters).`,
      },
    });
  };

  const uploadState = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = await readFile(event, MAX_STATE_FILE);
    if (!file) return;
    setDraft('');
    await openState(file.name, file.text);
  };

  return (
    <section className="np-panel np-cluster-tools" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="np-panel-title">
        Files and clusters
      </h2>
      <div className="np-actions">
        <button type="button" className="np-button" onClick={() => download('policies.yaml', state.policies)}>
          Download policies (YAML)
        </button>
        <UploadButton label="Upload policies (YAML)" onFile={upload} />
        <button type="button" className="np-button" onClick={() => downloadState()}>
          Download state file
        </button>
        <UploadButton label="Upload a state file" accept=".json,application/json" onFile={uploadState} />
      </div>
      <RealClusterExport
        name={state.scenarioId ?? 'custom'}
        clusterText={state.clusterText}
        policiesText={state.policies}
        flows={[]}
        port={state.port ?? { port: 80, protocol: 'TCP' }}
      />
      <label htmlFor={`${id}-cluster`} className="np-block-label">
        Cluster YAML or JSON: output of{' '}
        <code>kubectl get namespaces,pods,deployments,statefulsets,daemonsets,services -A -o yaml</code>,
        rendered manifests, plus ExternalEndpoints
      </label>
      <textarea
        id={`${id}-cluster`}
        className="np-cluster-text"
        rows={6}
        spellCheck={false}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
      />
      <div className="np-actions">
        <button
          type="button"
          className="np-button np-button-primary"
          disabled={draft.trim() === ''}
          onClick={() => dispatch({ type: 'load-scenario', id: null, clusterText: draft })}
        >
          Use this cluster
        </button>
        <UploadButton label="Upload a cluster (YAML or JSON)" onFile={uploadCluster} />
        {state.scenarioId !== null && (
          <button type="button" className="np-button" onClick={() => setDraft(state.clusterText)}>
            Copy the current scenario here
          </button>
        )}
      </div>
    </section>
  );
}

/** A button-styled file picker (YAML and JSON files unless told). */
function UploadButton({
  label,
  onFile,
  accept = '.yaml,.yml,.json,text/yaml,application/json',
}: {
  readonly label: string;
  readonly onFile: (event: ChangeEvent<HTMLInputElement>) => Promise<void>;
  readonly accept?: string;
}) {
  return (
    <label className="np-button np-upload">
      {label}
      <input
        type="file"
        accept={accept}
        onChange={(event) => void onFile(event)}
        className="np-visually-hidden"
      />
    </label>
  );
}
