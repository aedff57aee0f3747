import { useEffect, useRef, useState } from 'react';
import {
  decodeWorkshop,
  exerciseKey,
  type Challenge,
  type Exercise,
  type ExerciseStatus,
  type Workshop,
} from '../../engine/index.ts';
import { useProgress } from '../sandbox/progress.ts';
import Sandbox from '../sandbox/Sandbox.tsx';
import { pageStorage } from '../sandbox/storage.ts';
import ProgressExport from './ProgressExport.tsx';
import { STATUS_WORDS, workshopChallengeId, workshopStatuses } from './workshop-progress.ts';
import './workshop.css';

/** Course challenges and scenarios a workshop may refer to by id. */
export interface Catalog {
  readonly challenges: Readonly<Record<string, Challenge>>;
  readonly scenarios: Readonly<Record<string, string>>;
}

type Loaded =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; workshop: Workshop; id: string; hash: string };

/** The exercise the address names (`?exercise=2` is the second), or the first. */
function exerciseInUrl(): number {
  const n = Number(new URLSearchParams(window.location.search).get('exercise'));
  return Number.isInteger(n) && n >= 1 ? n - 1 : 0;
}

/** The address of one exercise of the workshop in `hash`: a page that exists, so it can be opened again. */
function exercisePath(index: number, hash: string): string {
  return `/workshop/?exercise=${index + 1}${hash}`;
}

const SHARE_NOTE =
  'The link opens your policies and this exercise’s cluster in the playground; the workshop itself stays in the workshop link.';

interface Resolved {
  readonly challenge: Challenge;
  readonly scenarioId: string;
  readonly scenarioText: string;
}

function resolve(exercise: Exercise, catalog: Catalog): Resolved | string {
  const challenge = 'ref' in exercise ? catalog.challenges[exercise.ref] : exercise.challenge;
  if (challenge === undefined)
    return `This workshop uses the course challenge "${exerciseKey(exercise)}", which this version of the site does not have.`;
  const scenarioText =
    'scenarioText' in exercise && exercise.scenarioText !== undefined
      ? exercise.scenarioText
      : catalog.scenarios[challenge.scenario];
  if (scenarioText === undefined)
    return `This exercise needs the scenario "${challenge.scenario}", which this version of the site does not have.`;
  return {
    challenge,
    scenarioId:
      'scenarioText' in exercise && exercise.scenarioText !== undefined ? 'custom' : challenge.scenario,
    scenarioText,
  };
}

/** Opens a workshop link (`/workshop/#w1.…`): the exercise list with progress, and one sandbox at a time. */
export default function WorkshopRunner({ catalog }: { readonly catalog: Catalog }) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [current, setCurrent] = useState(0);
  const opening = useRef(0);
  const readStatuses = (): ExerciseStatus[] =>
    loaded.kind === 'ready' ? workshopStatuses(pageStorage(), loaded.id, loaded.workshop.exercises) : [];
  // Sandboxes record solves in storage: the list and the count follow at once (and other tabs' solves).
  const statuses = useProgress(readStatuses, [loaded]);

  useEffect(() => {
    // The workshop is in the fragment: another link pasted into the address bar opens that workshop.
    const open = (): void => {
      const hash = window.location.hash;
      const ticket = (opening.current += 1);
      setCurrent(exerciseInUrl());
      if (hash.length <= 1) {
        setLoaded({
          kind: 'failed',
          message:
            'This page opens workshops from a link, and this address carries none. Ask your host for the workshop link.',
        });
        return;
      }
      setLoaded({ kind: 'loading' });
      void decodeWorkshop(hash).then((result) => {
        if (ticket !== opening.current) return;
        setLoaded(
          result.ok
            ? { kind: 'ready', workshop: result.workshop, id: result.id, hash }
            : { kind: 'failed', message: result.message },
        );
      });
    };
    // Back and Forward move between exercises (each one is its own history entry).
    const onPopState = (): void => setCurrent(exerciseInUrl());
    open();
    window.addEventListener('hashchange', open);
    window.addEventListener('popstate', onPopState);
    return () => {
      window.removeEventListener('hashchange', open);
      window.removeEventListener('popstate', onPopState);
    };
  }, []);

  if (loaded.kind === 'loading') return <p role="status">Opening the workshop…</p>;
  if (loaded.kind === 'failed') {
    return (
      <div className="np-workshop-message" role="alert">
        <p>{loaded.message}</p>
        <p>
          You can still use the <a href="/playground/">playground</a> or the{' '}
          <a href="/lessons/01-why-network-policy/">course</a>.
        </p>
      </div>
    );
  }
  const { workshop, id, hash } = loaded;
  const index = Math.min(current, Math.max(0, workshop.exercises.length - 1));
  const exercise = workshop.exercises[index];
  const go = (to: number): void => {
    if (to === index) return;
    setCurrent(to);
    window.history.pushState(null, '', exercisePath(to, hash));
  };
  const resolved = exercise === undefined ? 'No exercise.' : resolve(exercise, catalog);
  const solved = statuses.filter((s) => s !== 'open').length;
  return (
    <div className="np-workshop">
      <h2 className="np-workshop-title">{workshop.title}</h2>
      <p className="np-workshop-count" aria-live="polite">
        {solved} of {workshop.exercises.length} exercises solved
      </p>
      <nav aria-label="Exercises">
        <ol className="np-workshop-list">
          {workshop.exercises.map((item, position) => {
            const target = resolve(item, catalog);
            const status = statuses[position] ?? 'open';
            return (
              <li key={exerciseKey(item)}>
                <button
                  type="button"
                  className="np-workshop-item"
                  aria-current={position === index ? 'step' : undefined}
                  onClick={() => go(position)}
                >
                  <span className={`np-status np-status-${status}`} aria-hidden="true" />
                  <span>
                    {position + 1}. {typeof target === 'string' ? exerciseKey(item) : target.challenge.title}
                  </span>
                  <span className="np-visually-hidden">, {STATUS_WORDS[status]}</span>
                </button>
              </li>
            );
          })}
        </ol>
      </nav>
      {typeof resolved === 'string' || exercise === undefined ? (
        <p role="alert">{typeof resolved === 'string' ? resolved : 'No exercise.'}</p>
      ) : (
        <Sandbox
          key={`${id}-${index}`}
          scenarioId={resolved.scenarioId}
          scenarioText={resolved.scenarioText}
          challengeId={workshopChallengeId(id, exercise)}
          challenge={resolved.challenge}
          page={exercisePath(index, hash)}
          pageTitle={workshop.title}
          shareAs={
            'ref' in exercise
              ? { challenge: exercise.ref, inlineScenario: false }
              : { challenge: null, inlineScenario: resolved.scenarioId === 'custom' }
          }
          shareNote={SHARE_NOTE}
        />
      )}
      <div className="np-workshop-nav">
        <button
          type="button"
          className="np-button"
          disabled={index === 0}
          onClick={() => go(Math.max(0, index - 1))}
        >
          Previous exercise
        </button>
        <button
          type="button"
          className="np-button np-button-primary"
          disabled={index >= workshop.exercises.length - 1}
          onClick={() => go(Math.min(workshop.exercises.length - 1, index + 1))}
        >
          Next exercise
        </button>
      </div>
      <ProgressExport workshopId={id} workshopTitle={workshop.title} readStatuses={readStatuses} />
    </div>
  );
}
