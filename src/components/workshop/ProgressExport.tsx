import { useId, useState } from 'react';
import { encodeProgress, type ExerciseStatus } from '../../engine/index.ts';
import { download } from '../ui/download.ts';

interface Props {
  readonly workshopId: string;
  readonly workshopTitle: string;
  /** Reads the statuses from storage: the code holds what is recorded when it is made. */
  readonly readStatuses: () => readonly ExerciseStatus[];
}

/** Lets a learner hand their progress to the host: a short code to paste, or a file. */
export default function ProgressExport({ workshopId, workshopTitle, readStatuses }: Props) {
  const [name, setName] = useState('');
  const [code, setCode] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const nameId = useId();
  const codeId = useId();

  const create = async (): Promise<void> => {
    const made = await encodeProgress({ workshop: workshopId, learner: name, statuses: readStatuses() });
    setCode(made);
    try {
      await navigator.clipboard.writeText(made);
      setStatus('Progress code copied to the clipboard. Send it to your host.');
    } catch {
      setStatus('Copy the progress code from the field and send it to your host.');
    }
  };

  const save = (): void => {
    if (code !== null)
      download(
        `progress-${(name.trim() || 'learner').replace(/[^\w-]+/g, '-')}.txt`,
        `${code}\n`,
        'text/plain',
      );
  };

  return (
    <section className="np-workshop-export" aria-labelledby={`${nameId}-heading`}>
      <h3 id={`${nameId}-heading`}>Hand in your progress</h3>
      <p>
        Your progress in “{workshopTitle}” stays in this browser. Create a code and send it to your host; it
        only says which exercises this browser recorded as solved. It is self-reported: your host sees it as
        your word, not as proof.
      </p>
      <div className="np-workshop-row">
        <label htmlFor={nameId}>Your name</label>
        <input
          id={nameId}
          type="text"
          value={name}
          maxLength={80}
          autoComplete="name"
          onChange={(event) => setName(event.target.value)}
        />
        <button type="button" className="np-button" onClick={() => void create()}>
          Create progress code
        </button>
      </div>
      {code !== null && (
        <div className="np-workshop-row">
          <label htmlFor={codeId}>Progress code</label>
          <input
            id={codeId}
            type="text"
            readOnly
            value={code}
            onFocus={(event) => event.currentTarget.select()}
          />
          <button type="button" className="np-button" onClick={save}>
            Download as a file
          </button>
        </div>
      )}
      <p role="status" className="np-workshop-status">
        {status}
      </p>
    </section>
  );
}
