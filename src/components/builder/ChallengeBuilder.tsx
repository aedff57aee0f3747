import { useMemo, useState } from 'react';
import {
  checkChallenge,
  followRenames,
  loadCluster,
  moveToNamespace,
  type Challenge,
  type Goal,
  type ObjectKey,
  type PortProtocol,
  type Renamed,
} from '../../engine/index.ts';
import EditorPane from '../sandbox/EditorPane.tsx';
import { evaluatePolicies, loadClusterModel } from '../sandbox/model.ts';
import type { Selection } from '../sandbox/state.ts';
import { challengeFile, learnerLink } from './builder-output.ts';
import { download } from '../ui/download.ts';
import RealClusterExport from '../ui/RealClusterExport.tsx';
import GoalPicker from './GoalPicker.tsx';
import ScenarioEditor from './ScenarioEditor.tsx';
import '../sandbox/sandbox.css';
import '../workshop/workshop.css';
import './builder.css';

interface Props {
  readonly scenarios: readonly { readonly id: string; readonly title: string; readonly text: string }[];
}

const EMPTY = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n';

/** The challenge builder: a scenario, a reference solution, goals picked from the table, and a learner link. */
/** A file name from the title, e.g. `only-b-may-call-a` (the id a course challenge file would have). */
function fileNameOf(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug === '' ? 'challenge' : slug;
}

export default function ChallengeBuilder({ scenarios }: Props) {
  const [base, setBase] = useState(scenarios[0]?.id ?? 'custom');
  const [scenarioText, setScenarioText] = useState(scenarios[0]?.text ?? EMPTY);
  const [starter, setStarter] = useState('');
  const [solution, setSolution] = useState('');
  const [text, setText] = useState({ title: '', task: '', hint1: '', hint2: '', hint3: '' });
  const [goals, setGoals] = useState<Goal[]>([]);
  const [port, setPort] = useState<PortProtocol | null>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [output, setOutput] = useState<{ link?: string; error?: string }>({});
  const [notice, setNotice] = useState('');

  const course = scenarios.find((s) => s.id === base);
  const unchanged = course !== undefined && course.text === scenarioText;
  const clusterModel = useMemo(() => loadClusterModel(scenarioText, null), [scenarioText]);
  const scenarioErrors = useMemo(
    () => loadCluster(scenarioText).diagnostics.filter((d) => d.severity === 'error').length,
    [scenarioText],
  );
  const scenarioDiagnostics = useMemo(
    () =>
      loadCluster(scenarioText).diagnostics.flatMap((d) =>
        d.range
          ? [
              {
                from: d.range.start,
                to: Math.max(d.range.end, d.range.start + 1),
                severity: d.severity,
                message: d.message,
              },
            ]
          : [],
      ),
    [scenarioText],
  );
  const current = port ?? clusterModel.ports[0] ?? { port: 80, protocol: 'TCP' as const };
  const solved = useMemo(
    () => evaluatePolicies(clusterModel, solution, current),
    [clusterModel, solution, current],
  );
  const starterModel = useMemo(
    () => evaluatePolicies(clusterModel, starter, current),
    [clusterModel, starter, current],
  );
  const hints = [text.hint1, text.hint2, text.hint3].map((h) => h.trim()).filter((h) => h !== '');
  const challenge: Challenge = {
    title: text.title.trim(),
    scenario: unchanged ? base : 'custom',
    task: text.task.trim(),
    starter,
    solution,
    goals,
    hints,
  };

  const checks = useMemo(() => {
    const cluster = clusterModel.cluster;
    if (!cluster || goals.length === 0) return null;
    // Outcomes only depend on the goals: the title, task and hints don't change a check.
    const probe: Challenge = {
      title: 'check',
      scenario: 'check',
      task: 'check',
      starter: '',
      solution: 'check',
      goals,
      hints: ['check'],
    };
    return {
      solution: checkChallenge(probe, cluster, solution).solved,
      starter: !checkChallenge(probe, cluster, starter).solved,
      open: !checkChallenge(probe, cluster, '').solved,
      mixed: goals.some((g) => g.expect === 'allow') && goals.some((g) => g.expect === 'deny'),
      present: goals.every((g) => solved.verdicts.has(`${g.from} -> ${g.to}`)),
      scenario: scenarioErrors === 0,
    };
  }, [clusterModel, goals, solution, starter, solved, scenarioErrors]);
  const ready =
    checks !== null &&
    Object.values(checks).every(Boolean) &&
    challenge.title !== '' &&
    challenge.task !== '' &&
    hints.length > 0;

  const pickBase = (id: string): void => {
    setBase(id);
    setScenarioText(scenarios.find((s) => s.id === id)?.text ?? EMPTY);
    setGoals([]);
    setSelection(null);
    setPort(null);
    setNotice('');
  };
  // Goals, the selected flow and (for a namespace) the policies follow a rename made in the form.
  const rename = (renamed: Renamed, key: ObjectKey, to: string): void => {
    const moved = followRenames(goals, renamed.endpoints);
    const following = moved.filter((g, i) => g.from !== goals[i]?.from || g.to !== goals[i]?.to).length;
    setScenarioText(renamed.text);
    setGoals(moved);
    if (selection) setSelection(followRenames([selection], renamed.endpoints)[0] ?? null);
    const parts = [`Renamed ${key.name} to ${to}.`];
    if (following > 0) parts.push(`${following} goal${following === 1 ? '' : 's'} now use the new name.`);
    if (key.kind === 'Namespace') {
      setStarter(moveToNamespace(starter, key.name, to));
      setSolution(moveToNamespace(solution, key.name, to));
      parts.push(
        `Policies in ${key.name} moved to ${to}; selectors that match namespace labels were left as they are.`,
      );
    }
    setNotice(parts.join(' '));
  };
  const field = (key: keyof typeof text) => (event: { target: { value: string } }) =>
    setText({ ...text, [key]: event.target.value });

  return (
    <div className="np-workshop np-builder">
      <section aria-labelledby="builder-scenario">
        <h2 id="builder-scenario">1. The scenario</h2>
        <label>
          Start from{' '}
          <select value={base} onChange={(event) => pickBase(event.target.value)}>
            {scenarios.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
            <option value="custom">An empty cluster</option>
          </select>
        </label>
        {clusterModel.errors.length > 0 && <p role="alert">{clusterModel.errors[0]}</p>}
        {notice !== '' && (
          <p role="status" className="np-notice np-notice-info">
            {notice}
          </p>
        )}
        <ScenarioEditor
          text={scenarioText}
          onChange={setScenarioText}
          onRename={rename}
          cluster={clusterModel.cluster}
          diagnostics={scenarioDiagnostics}
          completion={clusterModel.completion}
        />
      </section>
      <section aria-labelledby="builder-policies">
        <h2 id="builder-policies">2. Starting policies and your reference solution</h2>
        <div className="np-builder-two">
          <EditorPane
            value={starter}
            onChange={setStarter}
            diagnostics={starterModel.diagnostics}
            completionData={clusterModel.completion}
            highlight={null}
            label="Starting policies"
          />
          <EditorPane
            value={solution}
            onChange={setSolution}
            diagnostics={solved.diagnostics}
            completionData={clusterModel.completion}
            highlight={null}
            label="Reference solution"
          />
        </div>
      </section>
      <section aria-labelledby="builder-goals">
        <h2 id="builder-goals">3. Goals</h2>
        <GoalPicker
          cluster={clusterModel}
          solved={solved}
          port={current}
          onPort={setPort}
          selection={selection}
          onSelect={setSelection}
          goals={goals}
          onGoals={setGoals}
        />
      </section>
      <section aria-labelledby="builder-text" className="np-builder-text">
        <h2 id="builder-text">4. Task and hints</h2>
        <label>
          Title <input type="text" value={text.title} onChange={field('title')} maxLength={120} />
        </label>
        <label>
          Task (one or two sentences) <textarea rows={2} value={text.task} onChange={field('task')} />
        </label>
        <label>
          Hint 1 <input type="text" value={text.hint1} onChange={field('hint1')} />
        </label>
        <label>
          Hint 2 (optional) <input type="text" value={text.hint2} onChange={field('hint2')} />
        </label>
        <label>
          Hint 3 (optional) <input type="text" value={text.hint3} onChange={field('hint3')} />
        </label>
      </section>
      <section aria-labelledby="builder-check">
        <h2 id="builder-check">5. Check and hand out</h2>
        <ul className="np-builder-checks" aria-label="Checks">
          <Check ok={checks?.solution} text="The reference solution meets every goal" />
          <Check ok={checks?.starter} text="The starting policies fail at least one goal" />
          <Check ok={checks?.open} text="With no policies at all, the challenge is not solved" />
          <Check ok={checks?.mixed} text="Goals include flows that must work and flows that must not" />
          <Check ok={checks?.present} text="Every goal names endpoints that are in the scenario" />
          <Check ok={checks?.scenario} text="The scenario has no errors" />
          <Check
            ok={challenge.title !== '' && challenge.task !== '' && hints.length > 0}
            text="A title, a task and at least one hint"
          />
        </ul>
        <div className="np-workshop-row">
          <button
            type="button"
            className="np-button np-button-primary"
            disabled={!ready}
            onClick={() =>
              void learnerLink(window.location.origin, challenge, unchanged ? undefined : scenarioText).then(
                setOutput,
              )
            }
          >
            Create learner link
          </button>
          <button
            type="button"
            className="np-button"
            disabled={!ready}
            onClick={() => download(`${fileNameOf(challenge.title)}.yaml`, challengeFile(challenge))}
          >
            Download challenge YAML
          </button>
          <button
            type="button"
            className="np-button"
            onClick={() => download(`${unchanged ? base : 'custom'}.yaml`, scenarioText)}
          >
            Download scenario.yaml
          </button>
        </div>
        {output.error !== undefined && <p role="alert">{output.error}</p>}
        {output.link !== undefined && (
          <label className="np-workshop-row">
            Learner link{' '}
            <input
              type="text"
              readOnly
              value={output.link}
              onFocus={(event) => event.currentTarget.select()}
            />
          </label>
        )}
        <RealClusterExport
          name={unchanged ? base : 'custom'}
          clusterText={scenarioText}
          policiesText={solution}
          flows={goals}
          port={current}
        />
      </section>
    </div>
  );
}

function Check({ ok, text }: { readonly ok: boolean | undefined; readonly text: string }) {
  return (
    <li className={ok ? 'np-check-ok' : 'np-check-no'}>
      <span aria-hidden="true">{ok ? '✓' : '✗'}</span> {text}
      <span className="np-visually-hidden">{ok ? ': yes' : ': not yet'}</span>
    </li>
  );
}
