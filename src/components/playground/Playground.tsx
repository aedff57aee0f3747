import { useEffect, useId, useMemo, useReducer, useState } from 'react';
import { readSaved } from '../traffic/useTraffic.ts';
import {
  decodeStateFile,
  encodeStateFile,
  MAX_SHARED_TRAFFIC_CHARS,
  type Challenge,
} from '../../engine/index.ts';
import { shareLink, shareStateOf, useAutosave, type SharedTraffic } from '../sandbox/persistence.ts';
import { pageStorage } from '../sandbox/storage.ts';
import SandboxView from '../sandbox/SandboxView.tsx';
import { sandboxReducer } from '../sandbox/state.ts';
import { download } from '../ui/download.ts';
import ClusterTools from './ClusterTools.tsx';
import {
  defaultState,
  fetchChallengeCatalog,
  knownScenario,
  stateForChallenge,
  stateFromLink,
  stateFromShare,
  type ScenarioEntry,
} from './playground-state.ts';
import '../sandbox/sandbox.css';

interface Props {
  readonly scenarios: readonly ScenarioEntry[];
  /** The course challenges as JSON (fetched only when a link or `?challenge=` names one). */
  readonly challengesHref: string;
}

const PANELS = ['formats', 'exposure'] as const;
const LAST_KEY = 'netpol-lab:playground:last';
/** A share link's fragment: a kind letter and a version, then the payload (`#v1.…`, a future `#v9.…`). */
const LINK_FRAGMENT = /^#[a-z]\d+\./i;
const LINK_NOTICE =
  'Opened from a shared link. Your edits are saved in this browser with this link: open the same link again to see them. Your own playground work is kept apart.';

/** A short fixed-length name for a link (FNV-1a, 32 bits): autosave keys stay small for long links. */
export function linkDigest(link: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < link.length; i += 1) {
    hash ^= link.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${hash.toString(16).padStart(8, '0')}-${link.length}`;
}

/** The autosave key of the work opened from a link. */
function linkKey(link: string): string {
  return `netpol-lab:sandbox:playground:link:${linkDigest(link)}`;
}

/** The free-form sandbox: any scenario or a pasted cluster, share links, YAML upload and download. */
export default function Playground({ scenarios, challengesHref }: Props) {
  const [state, dispatch] = useReducer(sandboxReducer, scenarios, defaultState);
  const [source, setSource] = useState<'loading' | 'link' | 'local'>('loading');
  const [opened, setOpened] = useState<{ id: string; challenge: Challenge } | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const catalog = useMemo(() => fetchChallengeCatalog(challengesHref), [challengesHref]);
  const id = useId();
  // The state is in the fragment: another link pasted into the address bar (only the fragment changes,
  // so the page is not loaded again) opens that state.
  const [hash, setHash] = useState(() => (typeof window === 'undefined' ? '' : window.location.hash));
  useEffect(() => {
    // Only a link's fragment (`#v1.…`); an in-page anchor such as Starlight's `#_top` is not a state.
    const onHashChange = (): void => {
      if (LINK_FRAGMENT.test(window.location.hash)) setHash(window.location.hash);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  useEffect(() => {
    let alive = true;
    const fail = (message: string) => {
      if (!alive) return;
      // After another link replaced this one in the address bar, its state must not stay on screen.
      dispatch({ type: 'replace', state: defaultState(scenarios) });
      dispatch({
        type: 'notice',
        notice: { tone: 'error', text: `${message} Showing the default playground instead.` },
      });
      setSource('local');
    };
    const link = hash.slice(1);
    const query = new URLSearchParams(window.location.search);
    const challengeId = query.get('challenge');
    const scenario = scenarios.find((s) => s.id === query.get('scenario'));
    if (link !== '') {
      void stateFromLink(link, scenarios, catalog).then((result) => {
        if (!alive) return;
        if (!result.ok) return fail(result.message);
        const ref = result.state.challenge;
        setOpened(ref && result.challenge ? { id: ref.id, challenge: result.challenge } : null);
        dispatch({ type: 'replace', state: result.state });
        dispatch({ type: 'notice', notice: { tone: 'info', text: LINK_NOTICE } });
        // The link's flow log goes where the Traffic panel reads it, unless edits to this link replaced it.
        const logKey = `${linkKey(link)}:traffic`;
        if (result.traffic && pageStorage().read(logKey) === null)
          pageStorage().write(logKey, JSON.stringify(result.traffic));
        setLink(link);
        setSource('link');
      });
    } else if (challengeId) {
      catalog().then(
        (challenges) => {
          if (!alive) return;
          const found = stateForChallenge(challengeId, scenarios, challenges);
          if (!found) return fail(`This site has no challenge “${challengeId}”.`);
          setOpened({ id: challengeId, challenge: found.challenge });
          dispatch({ type: 'replace', state: found.state });
          setSource('local');
        },
        (error: unknown) => fail(error instanceof Error ? error.message : String(error)),
      );
    } else {
      // Back where the learner was: their last scenario, or the cluster they pasted.
      const last = scenario?.id ?? pageStorage().read(LAST_KEY);
      const lastScenario = scenarios.find((s) => s.id === last);
      if (lastScenario) dispatch({ type: 'replace', state: defaultState([lastScenario]) });
      else if (last === 'custom') dispatch({ type: 'load-scenario', id: null, clusterText: '' });
      setSource('local');
    }
    return () => {
      alive = false;
    };
  }, [scenarios, catalog, hash]);

  // Autosave per scenario (a pasted cluster with its text); edits to a shared link under that link, so
  // opening it again shows them and the learner's own work is never overwritten by someone else's link.
  const key =
    source === 'link' && link !== null
      ? linkKey(link)
      : `netpol-lab:sandbox:playground:${state.challenge?.id ?? state.scenarioId ?? 'custom'}`;
  const otherTab = useAutosave(key, state, dispatch, source !== 'loading');
  const where = state.challenge?.id ?? state.scenarioId ?? 'custom';
  useEffect(() => {
    if (source === 'local' && !where.includes('/')) pageStorage().write(LAST_KEY, where);
  }, [source, where]);
  const challenge = opened && opened.id === state.challenge?.id ? opened.challenge : null;
  // The toolbar's download has no Traffic panel at hand: the loaded log is the one saved with the work.
  const downloadState = (loaded?: SharedTraffic | null): void => {
    const traffic = loaded === undefined ? readSaved(`${key}:traffic`) : loaded;
    const shared = shareStateOf(state, state.port, undefined, traffic);
    download('netpol-lab-state.json', encodeStateFile(shared), 'application/json');
    if (traffic && !shared.traffic)
      dispatch({
        type: 'notice',
        notice: {
          tone: 'info',
          text: `The flow log ${traffic.name} is not in the state file: it is too large (${Math.ceil(traffic.text.length / 1000).toLocaleString('en')} KB, more than ${(MAX_SHARED_TRAFFIC_CHARS / 1000).toLocaleString('en')} KB).`,
        },
      });
  };
  // A state file's flow log is loaded in the Traffic panel (it reads it again when `logLoads` changes).
  const [logLoads, setLogLoads] = useState(0);
  // A state file restores everything a link would: cluster, policies, port and challenge.
  const openState = async (name: string, text: string): Promise<void> => {
    const read = decodeStateFile(text);
    const result = read.ok ? await stateFromShare(read.state, scenarios, catalog, name) : read;
    if (!result.ok) {
      dispatch({ type: 'notice', notice: { tone: 'error', text: `${name}: ${result.message}` } });
      return;
    }
    const ref = result.state.challenge;
    setOpened(ref && result.challenge ? { id: ref.id, challenge: result.challenge } : null);
    dispatch({ type: 'replace', state: result.state });
    dispatch({ type: 'notice', notice: { tone: 'info', text: `Restored the state saved in ${name}.` } });
    if (result.traffic) {
      pageStorage().write(`${key}:traffic`, JSON.stringify(result.traffic));
      setLogLoads((n) => n + 1);
    }
  };
  const scenario = scenarios.find((s) => s.text === state.clusterText);
  const known = useMemo(() => knownScenario(scenario), [scenario]);

  return (
    <div className="np-playground" aria-busy={source === 'loading'}>
      <SandboxView
        state={state}
        dispatch={dispatch}
        challenge={challenge}
        makeShareLink={(traffic) => shareLink(state, state.port, undefined, traffic)}
        downloadState={downloadState}
        level={2}
        known={known}
        panels={PANELS}
        otherTab={otherTab}
        traffic={{ storageKey: `${key}:traffic`, reload: logLoads }}
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
      <ClusterTools state={state} dispatch={dispatch} downloadState={downloadState} openState={openState} />
    </div>
  );
}
