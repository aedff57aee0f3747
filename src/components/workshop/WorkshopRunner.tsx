import { useEffect, useState } from 'react';
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
  | { kind: 'ready'; workshop: Workshop; id: string };

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
  const readStatuses = (): ExerciseStatus[] =>
    loaded.kind === 'ready' ? workshopStatuses(pageStorage(), loaded.id, loaded.workshop.exercises) : [];
  // Sandboxes record solves in storage: the list and the count follow at once (and other tabs' solves).
  const statuses = useProgress(readStatuses, [loaded]);

  useEffect(() => {
    const hash = window.location.hash;
    if (hash.length <= 1) {
      setLoaded({
        kind: 'failed',
        message:
          'This page opens workshops from a link, and this address carries none. Ask your host for the workshop link.',
      });
      return;
    }
    void decodeWorkshop(hash).then((result) =>
      setLoaded(
        result.ok
          ? { kind: 'ready', workshop: result.workshop, id: result.id }
          : { kind: 'failed', message: result.message },
      ),
    );
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
  const { workshop, id } = loaded;
  const exercise = workshop.exercises[current];
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
          {workshop.exercises.map((item, index) => {
            const target = resolve(item, catalog);
            const status = statuses[index] ?? 'open';
            return (
              <li key={exerciseKey(item)}>
                <button
                  type="button"
                  className="np-workshop-item"
                  aria-current={index === current ? 'step' : undefined}
                  onClick={() => setCurrent(index)}
                >
                  <span className={`np-status np-status-${status}`} aria-hidden="true" />
                  <span>
                    {index + 1}. {typeof target === 'string' ? exerciseKey(item) : target.challenge.title}
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
          key={`${id}-${current}`}
          scenarioId={resolved.scenarioId}
          scenarioText={resolved.scenarioText}
          challengeId={workshopChallengeId(id, exercise)}
          challenge={resolved.challenge}
          page={`/workshop/${id}/${exerciseKey(exercise)}`}
          pageTitle={workshop.title}
        />
      )}
      <div className="np-workshop-nav">
        <button
          type="button"
          className="np-button"
          disabled={current === 0}
          onClick={() => setCurrent((i) => Math.max(0, i - 1))}
        >
          Previous exercise
        </button>
        <button
          type="button"
          className="np-button np-button-primary"
          disabled={current >= workshop.exercises.length - 1}
          onClick={() => setCurrent((i) => Math.min(workshop.exercises.length - 1, i + 1))}
        >
          Next exercise
        </button>
      </div>
      <ProgressExport workshopId={id} workshopTitle={workshop.title} readStatuses={readStatuses} />
    </div>
  );
}
