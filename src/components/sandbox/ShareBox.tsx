import { useId, useRef, useState } from 'react';
import { useHydrated } from '../ui/hydrated.ts';
import { MAX_LINK_CHARS } from '../../engine/index.ts';
import { LinkTooLarge, type MadeLink } from './persistence.ts';

interface Props {
  /** Returns the full link for the current state (rejects with `LinkTooLarge` past the link limit). */
  readonly makeLink: () => Promise<MadeLink>;
  /** Said with the link about what it holds. */
  readonly note?: string;
  /** Offers the state as a file instead, where a state file can be opened again (the playground). */
  readonly downloadState?: () => void;
}

/** "Share" button: builds the link, shows it in a read-only field and copies it; too large, offers a file. */
export default function ShareBox({ makeLink, note, downloadState }: Props) {
  const [link, setLink] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [tooLarge, setTooLarge] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const id = useId();
  const ready = useHydrated();

  const share = async (): Promise<void> => {
    setTooLarge(false);
    try {
      const made = await makeLink();
      setLink(made.link);
      const said = [note, made.note].filter((n) => n !== undefined).join(' ');
      try {
        await navigator.clipboard.writeText(made.link);
        setStatus(said ? `Link copied to the clipboard. ${said}` : 'Link copied to the clipboard.');
      } catch {
        setStatus(said ? `Copy the link from the field. ${said}` : 'Copy the link from the field.');
      }
      requestAnimationFrame(() => field.current?.select());
    } catch (error) {
      setLink(null);
      if (error instanceof LinkTooLarge && downloadState) {
        setTooLarge(true);
        setStatus(
          `This state is too large for a share link (${error.chars.toLocaleString('en')} characters packed; a link carries up to ${MAX_LINK_CHARS.toLocaleString('en')}). Download it as a state file instead: “Upload a state file” in the playground opens it again, cluster and policies included.`,
        );
      } else setStatus('This state is too large to share as a link. Download the policies instead.');
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
      {/* The wait is said to screen readers only: words shown until hydration would move the button. */}
      <span className={ready ? 'np-share-status' : 'np-share-status sr-only'} role="status">
        {ready ? status : 'Getting the sandbox ready…'}
      </span>
      {tooLarge && downloadState && (
        <button type="button" className="np-button" onClick={downloadState}>
          Download state file
        </button>
      )}
    </div>
  );
}
