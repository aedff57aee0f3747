import { useId, useState, type ChangeEvent } from 'react';
import type { SandboxAction, SandboxState } from '../sandbox/state.ts';
import { download } from '../ui/download.ts';
import RealClusterExport from '../ui/RealClusterExport.tsx';

interface Props {
  readonly state: SandboxState;
  readonly dispatch: (action: SandboxAction) => void;
}

const MAX_UPLOAD = 1_000_000;

/** Paste a cluster, upload or download policies. */
export default function ClusterTools({ state, dispatch }: Props) {
  const [draft, setDraft] = useState(state.scenarioId === null ? state.clusterText : '');
  const id = useId();

  const upload = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > MAX_UPLOAD) {
      dispatch({
        type: 'notice',
        notice: {
          tone: 'error',
          text: `${file.name} is larger than 1 MB; the playground reads smaller files.`,
        },
      });
      return;
    }
    dispatch({ type: 'edit', policies: await file.text() });
    dispatch({ type: 'notice', notice: { tone: 'info', text: `Loaded policies from ${file.name}.` } });
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
        <label className="np-button np-upload">
          Upload policies (YAML)
          <input
            type="file"
            accept=".yaml,.yml,.json,text/yaml,application/json"
            onChange={(event) => void upload(event)}
            className="np-visually-hidden"
          />
        </label>
      </div>
      <RealClusterExport
        name={state.scenarioId ?? 'custom'}
        clusterText={state.clusterText}
        policiesText={state.policies}
        flows={[]}
        port={state.port ?? { port: 80, protocol: 'TCP' }}
      />
      <label htmlFor={`${id}-cluster`} className="np-block-label">
        Cluster YAML: output of <code>kubectl get namespaces,pods,services -A -o yaml</code>, plus
        ExternalEndpoints
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
        {state.scenarioId !== null && (
          <button type="button" className="np-button" onClick={() => setDraft(state.clusterText)}>
            Copy the current scenario here
          </button>
        )}
      </div>
    </section>
  );
}
