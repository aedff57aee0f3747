import type { OtherTab } from './other-tab.ts';

/** Says that another tab changed the same work, and lets the learner keep either version. */
export default function OtherTabNotice({ otherTab }: { readonly otherTab: OtherTab }) {
  const conflict = otherTab.kind === 'conflict';
  return (
    <div
      className={`np-notice ${conflict ? 'np-notice-warning' : 'np-notice-info'} np-other-tab`}
      role={conflict ? 'alert' : 'status'}
    >
      <p>
        {conflict
          ? 'This work was also changed in another tab while you were editing here. Nothing is saved until you pick a version.'
          : 'This work was changed in another tab: this tab now shows that newer version.'}
      </p>
      <div className="np-actions">
        {conflict ? (
          <>
            <button type="button" className="np-button" onClick={otherTab.keepMine}>
              Keep this tab’s version
            </button>
            <button type="button" className="np-button" onClick={otherTab.takeTheirs}>
              Use the other tab’s version
            </button>
          </>
        ) : (
          <>
            <button type="button" className="np-button" onClick={otherTab.takeTheirs}>
              OK
            </button>
            <button type="button" className="np-button" onClick={otherTab.keepMine}>
              Go back to this tab’s earlier version
            </button>
          </>
        )}
      </div>
    </div>
  );
}
