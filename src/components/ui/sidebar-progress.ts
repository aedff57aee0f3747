import { readProgress, type ChallengeStatus } from '../sandbox/progress.ts';
import { pageStorage } from '../sandbox/storage.ts';

/**
 * Fills in the sidebar's lesson progress marks ("2/4", "✓ 4/4") from the progress kept in this
 * browser. The mark itself is hidden from assistive technology; the link gets an accessible
 * description instead ("2 of 4 challenges solved, 1 with help"), so its name stays the lesson title.
 *
 * Sandboxes record solves in localStorage; the marks follow by re-reading on `storage` (other
 * tabs), when the page becomes visible again, on a `netpol-lab:progress` event, and, on pages with
 * interactive islands, on a light poll that only touches the DOM when something changed.
 */

const POLL_MS = 1000;

/** Reads the lesson href → challenge ids map written at build time by Sidebar.astro. */
function lessonMap(): Map<string, readonly string[]> {
  const map = new Map<string, readonly string[]>();
  const text = document.querySelector('script[data-np-lesson-challenges]')?.textContent;
  if (!text) return map;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return map;
  }
  if (typeof raw !== 'object' || raw === null) return map;
  for (const [href, ids] of Object.entries(raw as Record<string, unknown>)) {
    if (Array.isArray(ids) && ids.every((id) => typeof id === 'string') && ids.length > 0) map.set(href, ids);
  }
  return map;
}

/** The accessible description of a mark. */
export function describeProgress(solved: number, withHelp: number, total: number): string {
  const count =
    solved === total ? `All ${total} challenges solved` : `${solved} of ${total} challenges solved`;
  return withHelp > 0 ? `${count}, ${withHelp} with help` : count;
}

/** Adds or updates the mark of one sidebar link. */
function markLink(
  link: HTMLAnchorElement,
  index: number,
  ids: readonly string[],
  challenges: Readonly<Record<string, ChallengeStatus>>,
): void {
  const statuses = ids.map((id) => challenges[id]);
  const solved = statuses.filter((s) => s !== undefined).length;
  const withHelp = statuses.filter((s) => s === 'solved-with-help').length;
  const total = ids.length;
  const done = solved === total;

  let mark = link.querySelector<HTMLElement>(':scope > .np-sidebar-mark');
  let description = link.querySelector<HTMLElement>(':scope > .np-sidebar-description');
  if (!mark || !description) {
    mark = document.createElement('span');
    mark.className = 'np-sidebar-mark';
    mark.setAttribute('aria-hidden', 'true');
    description = document.createElement('span');
    description.className = 'np-sidebar-description';
    description.hidden = true;
    description.id = `np-sidebar-progress-${index}`;
    link.append(mark, description);
    link.classList.add('np-sidebar-has-progress');
    const describedBy = link.getAttribute('aria-describedby');
    link.setAttribute('aria-describedby', describedBy ? `${describedBy} ${description.id}` : description.id);
  }
  mark.textContent = done ? `✓ ${solved}/${total}` : `${solved}/${total}`;
  mark.dataset['state'] = done ? 'done' : solved > 0 ? 'some' : 'none';
  description.textContent = describeProgress(solved, withHelp, total);
}

/** Marks every lesson link in the sidebar and keeps the marks current. */
export function startSidebarProgress(): void {
  const lessons = lessonMap();
  if (lessons.size === 0) return;
  const links = [...document.querySelectorAll<HTMLAnchorElement>('#starlight__sidebar a[href]')].filter(
    (link) => lessons.has(link.getAttribute('href') ?? ''),
  );
  if (links.length === 0) return;

  let shown: string | undefined;
  const update = (): void => {
    const { challenges } = readProgress(pageStorage());
    const signature = JSON.stringify(challenges);
    if (signature === shown) return;
    shown = signature;
    links.forEach((link, index) =>
      markLink(link, index, lessons.get(link.getAttribute('href') ?? '') ?? [], challenges),
    );
  };

  update();
  window.addEventListener('storage', (event) => {
    if (event.key === null || event.key === 'netpol-lab:progress') update();
  });
  window.addEventListener('netpol-lab:progress', update);
  window.addEventListener('pageshow', update);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') update();
  });
  // Solves on this page are written by the sandbox islands; poll only where islands exist.
  if (document.querySelector('astro-island')) {
    window.setInterval(() => {
      if (document.visibilityState === 'visible') update();
    }, POLL_MS);
  }
}
