import { useEffect, useId, useState } from 'react';
import {
  buildClassView,
  decodeWorkshop,
  MAX_CLASS_CODES,
  exerciseKey,
  type ClassView as ClassViewData,
  type Workshop,
} from '../../engine/index.ts';
import { STATUS_WORDS } from './workshop-progress.ts';
import './workshop.css';

/** Most characters the codes box takes: 1,000 codes of a typical length, with room. */
const MAX_BOX_CHARS = 200_000;

/** Most progress files read at once, and the largest read (a code is under 2,000 characters). */
const MAX_PROGRESS_FILES = 500;
const MAX_PROGRESS_FILE_BYTES = 100_000;

/** Problems listed before the disclosure: enough to see what is wrong, few enough to read. */
const FIRST_PROBLEMS = 5;

const SYMBOL = { solved: '✓', help: '◐', open: '–' } as const;

/** The host's class view: open the workshop link, paste or upload learners' progress codes, see who solved what. */
export default function ClassView() {
  const [link, setLink] = useState('');
  const [workshop, setWorkshop] = useState<{ workshop: Workshop; id: string } | null>(null);
  const [linkError, setLinkError] = useState('');
  const [codes, setCodes] = useState('');
  const [view, setView] = useState<ClassViewData | null>(null);
  const [skipped, setSkipped] = useState<readonly string[]>([]);
  // Uploaded files are imported with the box's codes but never copied into the box: a text area holding
  // megabytes blocks the page for seconds on every change.
  const [uploaded, setUploaded] = useState<{ files: number; text: string }>({ files: 0, text: '' });
  const linkId = useId();
  const codesId = useId();
  const filesId = useId();
  const boxHintId = useId();

  const open = async (text: string): Promise<void> => {
    const hash = text.includes('#') ? text.slice(text.indexOf('#')) : text;
    const result = await decodeWorkshop(hash);
    if (result.ok) {
      setWorkshop({ workshop: result.workshop, id: result.id });
      setLinkError('');
    } else {
      setWorkshop(null);
      setLinkError(result.message);
    }
  };

  useEffect(() => {
    if (window.location.hash.length > 1) {
      setLink(window.location.href);
      void open(window.location.hash);
    }
  }, []);

  const importCodes = async (typed: string, files = uploaded.text): Promise<void> => {
    if (workshop === null) return;
    const text = [typed, files].filter((t) => t.trim() !== '').join('\n');
    setView(
      await buildClassView(text, workshop.id, workshop.workshop.exercises.length, {
        pause: () => new Promise((resolve) => setTimeout(resolve, 0)),
      }),
    );
  };

  const readFiles = async (files: FileList | null): Promise<void> => {
    if (files === null) return;
    const chosen = [...files];
    // A progress file holds one short code: a file this large is something else, and is not read.
    const fitting = chosen
      .slice(0, MAX_PROGRESS_FILES)
      .filter((file) => file.size <= MAX_PROGRESS_FILE_BYTES);
    setSkipped([
      ...chosen
        .slice(0, MAX_PROGRESS_FILES)
        .filter((file) => file.size > MAX_PROGRESS_FILE_BYTES)
        .map(
          (file) => `${file.name} is larger than 100 KB, more than a progress file holds; it was not read.`,
        ),
      ...(chosen.length > MAX_PROGRESS_FILES
        ? [
            `Only the first ${MAX_PROGRESS_FILES} files were read; ${chosen.length - MAX_PROGRESS_FILES} more were left out.`,
          ]
        : []),
    ]);
    const texts = await Promise.all(fitting.map((file) => file.text()));
    const text = [uploaded.text, ...texts].filter((t) => t.trim() !== '').join('\n');
    setUploaded({ files: uploaded.files + fitting.length, text });
    await importCodes(codes, text);
  };

  return (
    <div className="np-workshop">
      <div className="np-workshop-row">
        <label htmlFor={linkId}>Workshop link</label>
        <input
          id={linkId}
          type="text"
          value={link}
          placeholder="https://…/workshop/#w1.…"
          onChange={(event) => setLink(event.target.value)}
        />
        <button type="button" className="np-button" onClick={() => void open(link)}>
          Open workshop
        </button>
      </div>
      {linkError !== '' && <p role="alert">{linkError}</p>}
      {workshop !== null && (
        <>
          <h2 className="np-workshop-title">{workshop.workshop.title}</h2>
          <label htmlFor={codesId}>Progress codes, one per line</label>
          <textarea
            id={codesId}
            rows={6}
            value={codes}
            maxLength={MAX_BOX_CHARS}
            aria-describedby={boxHintId}
            onChange={(event) => setCodes(event.target.value)}
          />
          <p id={boxHintId} className="np-class-note">
            The box takes up to {MAX_BOX_CHARS.toLocaleString('en')} characters; for more, upload the files.
            {uploaded.files > 0 &&
              ` ${uploaded.files.toLocaleString('en')} uploaded file${uploaded.files === 1 ? '' : 's'} (${uploaded.text.length.toLocaleString('en')} characters) ${uploaded.files === 1 ? 'is' : 'are'} imported with it.`}
          </p>
          <div className="np-workshop-row">
            <button
              type="button"
              className="np-button np-button-primary"
              onClick={() => void importCodes(codes)}
            >
              Import codes
            </button>
            <label htmlFor={filesId}>Or upload progress files</label>
            <input
              id={filesId}
              type="file"
              multiple
              accept=".txt,text/plain"
              onChange={(event) => void readFiles(event.target.files)}
            />
          </div>
          {skipped.length > 0 && (
            <ul role="alert">
              {skipped.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
          {view !== null && <ClassTable workshop={workshop.workshop} view={view} />}
        </>
      )}
    </div>
  );
}

function ClassTable({ workshop, view }: { readonly workshop: Workshop; readonly view: ClassViewData }) {
  return (
    <>
      {view.problems.length > 0 && <Problems view={view} />}
      {view.unread > 0 && (
        <p role="alert">
          Only the first {MAX_CLASS_CODES.toLocaleString('en')} codes were read;{' '}
          {view.unread.toLocaleString('en')} more were left out.
        </p>
      )}
      <p role="status">
        {view.rows.length} report{view.rows.length === 1 ? '' : 's'} imported.
      </p>
      <p className="np-class-note">
        Progress codes are self-reported: a code says what the learner&apos;s browser recorded, and anyone can
        make one. Use them to see where the class is, not as proof.
      </p>
      <div className="np-class-scroll">
        <table className="np-class-table">
          <caption>Who solved what (✓ solved, ◐ solved with help, – not yet)</caption>
          <thead>
            <tr>
              <th scope="col">Learner</th>
              {workshop.exercises.map((exercise, index) => (
                <th scope="col" key={exerciseKey(exercise)}>
                  {index + 1}. {'ref' in exercise ? exercise.ref : exercise.challenge.title}
                </th>
              ))}
              <th scope="col">Solved</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => (
              <tr key={`${row.learner} ${row.statuses.join(',')}`}>
                <th scope="row">
                  {row.learner}
                  {row.sameName > 1 && (
                    <span className="np-class-same-name">
                      {' '}
                      ({row.sameName} different codes for this name)
                    </span>
                  )}
                </th>
                {row.statuses.map((status, index) => (
                  <td key={index} className={`np-class-${status}`}>
                    <span aria-hidden="true">{SYMBOL[status]}</span>
                    <span className="np-visually-hidden">{STATUS_WORDS[status]}</span>
                  </td>
                ))}
                <td>
                  {row.solved + row.withHelp} / {row.statuses.length}
                  {row.withHelp > 0 ? ` (${row.withHelp} with help)` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The codes that could not be imported: the first few, then the rest behind a disclosure, all counted. */
function Problems({ view }: { readonly view: ClassViewData }) {
  const total = view.problems.length + view.moreProblems;
  const first = view.problems.slice(0, FIRST_PROBLEMS);
  const rest = view.problems.slice(FIRST_PROBLEMS);
  const item = (problem: ClassViewData['problems'][number], index: number) => (
    <li key={index}>
      Line {problem.line}: {problem.message}
    </li>
  );
  return (
    <div role="alert">
      <p>
        {total.toLocaleString('en')} code{total === 1 ? '' : 's'} could not be imported
        {total > first.length ? `; the first ${first.length} are:` : ':'}
      </p>
      <ul>{first.map(item)}</ul>
      {total > first.length && (
        <details>
          <summary>{(total - first.length).toLocaleString('en')} more</summary>
          <ul>{rest.map((problem, index) => item(problem, index + FIRST_PROBLEMS))}</ul>
          {view.moreProblems > 0 && (
            <p>
              and {view.moreProblems.toLocaleString('en')} more, not listed one by one (only the first{' '}
              {view.problems.length} are).
            </p>
          )}
        </details>
      )}
    </div>
  );
}
