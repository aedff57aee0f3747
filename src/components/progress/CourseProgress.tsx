import { useEffect, useState } from 'react';
import { readProgress, type Progress } from '../sandbox/progress.ts';
import { pageStorage } from '../sandbox/storage.ts';
import './progress.css';

/** A lesson with its challenges, as listed on the progress page. */
export interface LessonEntry {
  readonly href: string;
  readonly title: string;
  readonly challenges: readonly { readonly id: string; readonly title: string; readonly href: string }[];
}

interface Props {
  readonly lessons: readonly LessonEntry[];
}

const STATUS_TEXT = { solved: 'solved', 'solved-with-help': 'solved with help' } as const;

/** Every lesson with the learner's progress, and a link back to where they left off. */
export default function CourseProgress({ lessons }: Props) {
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => setProgress(readProgress(pageStorage())), []);
  const all = lessons.flatMap((l) => l.challenges);
  const done = all.filter((c) => progress?.challenges[c.id] !== undefined).length;

  return (
    <div className="np-progress">
      <div className="np-progress-summary">
        <p>
          <strong>{progress ? `${done} of ${all.length}` : `– of ${all.length}`}</strong> challenges solved
        </p>
        <progress max={Math.max(1, all.length)} value={done} aria-label="Challenges solved" />
        {progress && all.length > 0 && done === all.length ? (
          <div className="np-progress-complete" role="status">
            <p>
              <strong>You have completed the course</strong>: every challenge is solved.
            </p>
            <p>
              Keep practising in the <a href="/playground/">playground</a> with your own policies, or run a{' '}
              <a href="/workshop/new/">workshop</a> for your team.
            </p>
          </div>
        ) : (
          progress?.last && (
            <a className="np-button np-button-primary" href={progress.last.path}>
              Continue where you left off: {progress.last.title}
            </a>
          )
        )}
      </div>
      <ol className="np-progress-lessons">
        {lessons.map((lesson) => {
          const solved = lesson.challenges.filter((c) => progress?.challenges[c.id] !== undefined).length;
          return (
            <li key={lesson.href}>
              <div className="np-progress-lesson">
                <a href={lesson.href}>{lesson.title}</a>
                {lesson.challenges.length > 0 && (
                  <span className="np-progress-count">
                    {solved} of {lesson.challenges.length}
                  </span>
                )}
              </div>
              {lesson.challenges.length > 0 && (
                <ul>
                  {lesson.challenges.map((c) => {
                    const status = progress?.challenges[c.id];
                    return (
                      <li key={c.id} className={status ? 'np-progress-done' : undefined}>
                        <span aria-hidden="true">{status ? '✓' : '○'}</span> <a href={c.href}>{c.title}</a>{' '}
                        <span className="np-progress-status">
                          {status ? STATUS_TEXT[status] : 'not solved yet'}
                        </span>
                      </li>
                    );
                  })}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
