import { useId, useRef, useState } from 'react';
import { useHydrated } from '../ui/hydrated.ts';

interface Props {
  /** Returns the full link for the current state. */
  readonly makeLink: () => Promise<string>;
  /** Said with the link about what it holds. */
  readonly note?: string;
}

/** "Share" button: builds the link, shows it in a read-only field and copies it. */
export default function ShareBox({ makeLink, note }: Props) {
  const [link, setLink] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const id = useId();
  const ready = useHydrated();

  const share = async (): Promise<void> => {
    try {
      const made = await makeLink();
      setLink(made);
      try {
        await navigator.clipboard.writeText(made);
        setStatus(note ? `Link copied to the clipboard. ${note}` : 'Link copied to the clipboard.');
      } catch {
        setStatus(note ? `Copy the link from the field. ${note}` : 'Copy the link from the field.');
      }
      requestAnimationFrame(() => field.current?.select());
    } catch {
      setStatus('This state is too large to share as a link. Download the policies instead.');
    }
  };

  return (
    <div className="np-share">
      <button type="button" className="np-button" disabled={!ready} onClick={() => void share()}>
        Share
      </button>
      {link !== null && (
        <span className="np-share-field">
          <label htmlFor={id}>Share link</label>
          <input
            id={id}
            ref={field}
            type="text"
            readOnly
            value={link}
            onFocus={(event) => event.currentTarget.select()}
          />
        </span>
      )}
      <span className="np-share-status" role="status">
        {ready ? status : 'Getting the sandbox ready…'}
      </span>
    </div>
  );
}
