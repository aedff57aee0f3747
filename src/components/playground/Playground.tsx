import { useEffect, useId, useReducer, useState } from 'react';
import { shareLink, useAutosave } from '../sandbox/persistence.ts';
import SandboxView from '../sandbox/SandboxView.tsx';
import { sandboxReducer } from '../sandbox/state.ts';
import ClusterTools from './ClusterTools.tsx';
import {
  defaultState,
  stateForChallenge,
  stateFromLink,
  type ChallengeEntry,
  type ScenarioEntry,
} from './playground-state.ts';
import '../sandbox/sandbox.css';

interface Props {
  readonly scenarios: readonly ScenarioEntry[];
  readonly challenges: readonly ChallengeEntry[];
}

/** The free-form sandbox: any scenario or a pasted cluster, share links, YAML upload and download. */
export default function Playground({ scenarios, challenges }: Props) {
  const [state, dispatch] = useReducer(sandboxReducer, scenarios, defaultState);
  const [source, setSource] = useState<'loading' | 'link' | 'local'>('loading');
  const id = useId();

  useEffect(() => {
    const hash = window.location.hash.slice(1);
    const query = new URLSearchParams(window.location.search);
    const challengeId = query.get('challenge');
    const scenarioId = query.get('scenario');
    if (hash !== '') {
      void stateFromLink(hash, scenarios, challenges).then((result) => {
        if (result.ok) {
          dispatch({ type: 'replace', state: result.state });
          setSource('link');
        } else {
          dispatch({
            type: 'notice',
            notice: { tone: 'error', text: `${result.message} Showing the default playground instead.` },
          });
          setSource('local');
        }
      });
      return;
    }
    const opened = challengeId ? stateForChallenge(challengeId, scenarios, challenges) : null;
    const scenario = scenarios.find((s) => s.id === scenarioId);
    if (opened) dispatch({ type: 'replace', state: opened });
    else if (scenario) dispatch({ type: 'replace', state: defaultState([scenario]) });
    setSource('local');
  }, [scenarios, challenges]);

  // Autosave per scenario; a state opened from a share link stays as the link made it.
  const key = `netpol-lab:sandbox:playground:${state.challenge?.id ?? state.scenarioId ?? 'custom'}`;
  useAutosave(key, state, dispatch, source === 'local');
  const challenge = challenges.find((c) => c.id === state.challenge?.id)?.challenge ?? null;

  return (
    <div className="np-playground" aria-busy={source === 'loading'}>
      <SandboxView
        state={state}
        dispatch={dispatch}
        challenge={challenge}
        makeShareLink={() => shareLink(state, state.port)}
        level={2}
        tools={
          <label className="np-field" htmlFor={`${id}-scenario`}>
            <span>Scenario</span>
            <select
              id={`${id}-scenario`}
              value={state.scenarioId ?? 'custom'}
              onChange={(event) => {
                const picked = scenarios.find((s) => s.id === event.target.value);
                if (picked) dispatch({ type: 'replace', state: { ...defaultState([picked]), notice: null } });
                else dispatch({ type: 'load-scenario', id: null, clusterText: state.clusterText });
              }}
            >
              {scenarios.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
              <option value="custom">Custom cluster (paste)</option>
            </select>
          </label>
        }
      />
      <ClusterTools state={state} dispatch={dispatch} />
    </div>
  );
}
