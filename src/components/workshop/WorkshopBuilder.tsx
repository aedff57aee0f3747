import { useEffect, useId, useState } from 'react';
import {
  encodeWorkshop,
  exerciseKey,
  formatDiagnostic,
  loadCluster,
  proveChallenge,
  readChallenge,
  type Exercise,
} from '../../engine/index.ts';
import { useTypedEarly } from '../ui/typed-early.ts';
import './workshop.css';

/** A course challenge the host can pick. */
export interface CourseChallenge {
  readonly id: string;
  readonly title: string;
  readonly lesson: string;
}

interface Props {
  readonly challenges: readonly CourseChallenge[];
  /** The course scenarios' YAML by id: uploaded challenges are proven against them. */
  readonly scenarios: Readonly<Record<string, string>>;
}

const SHOWN_PROBLEMS = 5;

/** Returns what is wrong with a host's scenario file (the course's scenario checks), or `null`. */
function scenarioProblem(file: string, text: string): string | null {
  const loaded = loadCluster(text, { file });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (loaded.ok && errors.length === 0) return null;
  const listed = errors.slice(0, SHOWN_PROBLEMS).map((d) => formatDiagnostic(d, file));
  const more = errors.length > SHOWN_PROBLEMS ? ` (and ${errors.length - SHOWN_PROBLEMS} more)` : '';
  return `${file} is not a valid scenario: ${listed.join('; ') || 'it describes no cluster'}${more}.`;
}

/**
 * Reads a challenge file in the `content/challenges` format and proves it as course content is proven
 * (goals name endpoints of the scenario, the solution passes, the starter fails); returns the exercise
 * or what is wrong.
 */
function readChallengeFile(
  name: string,
  text: string,
  scenarioText: string | undefined,
  scenarios: Readonly<Record<string, string>>,
): Exercise | string {
  const read = readChallenge(text, { file: name });
  if (!read.ok) return `${read.message}.`;
  const clusterText = scenarioText ?? scenarios[read.challenge.scenario];
  if (clusterText === undefined) {
    return `${name}: scenario "${read.challenge.scenario}" is not a course scenario; add its scenario file too.`;
  }
  const loaded = loadCluster(clusterText);
  if (!loaded.ok) return `${name}: its scenario is not a valid cluster; choose a valid scenario file first.`;
  const problems = proveChallenge(read.challenge, loaded.value);
  if (problems.length > 0) {
    const more = problems.length > SHOWN_PROBLEMS ? ` (and ${problems.length - SHOWN_PROBLEMS} more)` : '';
    return `${name} was not added: ${problems.slice(0, SHOWN_PROBLEMS).join('; ')}${more}.`;
  }
  const id =
    name
      .replace(/\.ya?ml$/i, '')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+/, '')
      .slice(0, 60) || 'exercise';
  return { id, challenge: read.challenge, ...(scenarioText === undefined ? {} : { scenarioText }) };
}

/** Builds a workshop link from course challenges and the host's own challenge files. */
export default function WorkshopBuilder({ challenges, scenarios }: Props) {
  const [title, setTitle] = useState('');
  const [exercises, setExercises] = useState<Exercise[]>([]);
  const [problem, setProblem] = useState('');
  const [link, setLink] = useState<string | null>(null);
  const [scenarioFile, setScenarioFile] = useState<string | undefined>(undefined);
  const ids = { title: useId(), pick: useId(), file: useId(), scenario: useId(), link: useId() };
  // A title typed before the page's script ran is kept.
  useTypedEarly(ids.title, title, setTitle);
  // So is a course challenge picked then (hydration would reset the list to "Choose…").
  const [earlyPick] = useState(() =>
    typeof document === 'undefined'
      ? ''
      : ((document.getElementById(ids.pick) as HTMLSelectElement | null)?.value ?? ''),
  );

  const add = (exercise: Exercise): void => {
    setLink(null);
    setExercises((list) => {
      if ('ref' in exercise)
        return list.some((e) => exerciseKey(e) === exercise.ref) ? list : [...list, exercise];
      // The same file twice is added once; two different files with one name (the builder's downloads of
      // one title, say) both stay, the second with a numbered id.
      const same = JSON.stringify(exercise.challenge);
      if (list.some((e) => 'challenge' in e && JSON.stringify(e.challenge) === same)) return list;
      const taken = new Set(list.map(exerciseKey));
      let id = exercise.id;
      for (let n = 2; taken.has(id); n += 1) id = `${exercise.id}-${n}`;
      return [...list, { ...exercise, id }];
    });
  };
  const move = (index: number, by: number): void => {
    setLink(null);
    setExercises((list) => {
      const next = [...list];
      const [item] = next.splice(index, 1);
      if (item !== undefined) next.splice(Math.max(0, Math.min(next.length, index + by)), 0, item);
      return next;
    });
  };
  const upload = async (files: FileList | null, scenario = scenarioFile): Promise<void> => {
    for (const file of [...(files ?? [])]) {
      const result =
        file.size > 200_000
          ? `${file.name}: too large for a challenge file.`
          : readChallengeFile(file.name, await file.text(), scenario, scenarios);
      if (typeof result === 'string') setProblem(result);
      else {
        setProblem('');
        add(result);
      }
    }
  };
  // A scenario file is checked as course scenarios are; an invalid one is not used.
  const chooseScenario = async (file: File | undefined): Promise<string | undefined> => {
    if (!file) {
      setScenarioFile(undefined);
      return undefined;
    }
    const text = file.size > 600_000 ? null : await file.text();
    const wrong =
      text === null ? `${file.name}: too large for a scenario file.` : scenarioProblem(file.name, text);
    setProblem(wrong ?? '');
    const usable = wrong === null && text !== null ? text : undefined;
    setScenarioFile(usable);
    return usable;
  };
  // Files chosen before the page's script ran stay in their fields (React does not reset a file field):
  // read them once the builder runs, the scenario first, as if they had been chosen now.
  useEffect(() => {
    if (earlyPick !== '') add({ ref: earlyPick });
    const field = (id: string): FileList | null =>
      (document.getElementById(id) as HTMLInputElement | null)?.files ?? null;
    const scenario = field(ids.scenario)?.[0];
    const files = field(ids.file);
    void (async () => {
      const text = await chooseScenario(scenario);
      if (files && files.length > 0) await upload(files, text);
    })();
    // Once, after hydration.
  }, []);
  const create = async (): Promise<void> => {
    const result = await encodeWorkshop({ title: title.trim(), exercises });
    if (!result.ok) {
      setProblem(result.message);
      setLink(null);
      return;
    }
    setProblem('');
    setLink(`${window.location.origin}/workshop/#${result.payload}`);
  };
  const titleOf = (exercise: Exercise): string =>
    'ref' in exercise
      ? (challenges.find((c) => c.id === exercise.ref)?.title ?? exercise.ref)
      : exercise.challenge.title;

  return (
    <div className="np-workshop">
      <div className="np-workshop-row">
        <label htmlFor={ids.title}>Workshop title</label>
        <input
          id={ids.title}
          type="text"
          value={title}
          maxLength={200}
          onChange={(event) => setTitle(event.target.value)}
        />
      </div>
      <div className="np-workshop-row">
        <label htmlFor={ids.pick}>Add a course challenge</label>
        <select
          id={ids.pick}
          value=""
          onChange={(event) => event.target.value !== '' && add({ ref: event.target.value })}
        >
          <option value="">Choose…</option>
          {challenges.map((c) => (
            <option key={c.id} value={c.id}>
              {c.lesson}: {c.title}
            </option>
          ))}
        </select>
      </div>
      <div className="np-workshop-row">
        <label htmlFor={ids.scenario}>Your own scenario (optional)</label>
        <input
          id={ids.scenario}
          type="file"
          accept=".yaml,.yml"
          onChange={(event) => void chooseScenario(event.target.files?.[0])}
        />
        <label htmlFor={ids.file}>Add your own challenge files</label>
        <input
          id={ids.file}
          type="file"
          multiple
          accept=".yaml,.yml"
          onChange={(event) => void upload(event.target.files)}
        />
      </div>
      {problem !== '' && <p role="alert">{problem}</p>}
      <ol className="np-builder-list" aria-label="Exercises in this workshop">
        {exercises.map((exercise, index) => (
          <li key={exerciseKey(exercise)}>
            <span>{titleOf(exercise)}</span>
            <button
              type="button"
              className="np-button"
              aria-label={`Move ${titleOf(exercise)} up`}
              disabled={index === 0}
              onClick={() => move(index, -1)}
            >
              ↑
            </button>
            <button
              type="button"
              className="np-button"
              aria-label={`Move ${titleOf(exercise)} down`}
              disabled={index === exercises.length - 1}
              onClick={() => move(index, 1)}
            >
              ↓
            </button>
            <button
              type="button"
              className="np-button"
              aria-label={`Remove ${titleOf(exercise)}`}
              onClick={() => setExercises((list) => list.filter((_, i) => i !== index))}
            >
              Remove
            </button>
          </li>
        ))}
      </ol>
      <div className="np-workshop-row">
        <button
          type="button"
          className="np-button np-button-primary"
          disabled={exercises.length === 0 || title.trim() === ''}
          onClick={() => void create()}
        >
          Create workshop link
        </button>
      </div>
      {link !== null && (
        <div className="np-workshop-row">
          <label htmlFor={ids.link}>Workshop link</label>
          <input
            id={ids.link}
            type="text"
            readOnly
            value={link}
            onFocus={(event) => event.currentTarget.select()}
          />
          <a className="np-button" href={link.replace('/workshop/#', '/workshop/class/#')}>
            Open the class view
          </a>
        </div>
      )}
    </div>
  );
}
