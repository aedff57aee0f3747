/**
 * Where the playground's main thread spends its time at 1,000 workloads / 300 policies: a CPU profile
 * (Chromium's sampling profiler) of loading the generated dump and of 30 keystrokes in its policies,
 * printed as the functions with the most self time and the long tasks seen. Usage: build, preview, then
 * `BASE_URL=http://localhost:4321 node scripts/playground/profile.ts [load|type|both] [rate] [--trace]`
 * (`--trace`: a Chromium trace instead, the main thread's time by kind: scripts, style, layout, paint).
 * `NP_FOCUS=fn` prints where the time inside the function `fn` went; `NP_COMPONENTS=1` keeps only names
 * that read as React components. Names are readable in a build without minification.
 */
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { chromeArgs, chromeExecutable } from '../../tests/e2e/chrome.ts';
import { openPlayground, uploadDump, waitForLoaded } from './main-thread.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Prints the `top` call frames by self time, and by total time (inclusive) for the page's own code. */
function summarise(label: string, profile: Profile, top = 25): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const name = (n: ProfileNode): string => {
    const file = n.callFrame.url.split('/').pop() ?? '';
    return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
  };
  let sum = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node) return;
    sum += dt;
    self.set(name(node), (self.get(name(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at);
      if (!n) break;
      const key = name(n);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + dt);
    }
  });
  // NP_FOCUS=name: where the time inside that function went (its callees, by total time).
  const focus = process.env['NP_FOCUS'];
  if (focus) {
    const under = new Map<string, number>();
    profile.samples.forEach((id, i) => {
      const dt = (profile.timeDeltas[i] ?? 0) / 1000;
      const chain: string[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const n = byId.get(at);
        if (n) chain.push(name(n));
      }
      const at = chain.findIndex((k) => k.startsWith(`${focus} `));
      if (at <= 0) return;
      for (const k of new Set(chain.slice(0, at))) under.set(k, (under.get(k) ?? 0) + dt);
    });
    total.clear();
    for (const [k, v] of under) total.set(k, v);
  }
  const busy = sum - (self.get('(idle) :0:1') ?? 0) - (self.get('(program) :0:1') ?? 0);
  console.log(`\n== ${label}: ${sum.toFixed(0)} ms profiled, ${busy.toFixed(0)} ms in scripts and GC`);
  const print = (m: Map<string, number>, what: string): void => {
    // NP_COMPONENTS=1: only names that read as React components (in a build without minification).
    if (process.env['NP_COMPONENTS']) m = new Map([...m].filter(([k]) => /^[A-Z][a-zA-Z]+ /.test(k)));
    console.log(`-- by ${what}`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`${v.toFixed(1).padStart(9)} ms  ${k}`);
  };
  print(self, 'self time');
  print(
    new Map([...total].filter(([k]) => !k.startsWith('(root)') && !k.startsWith('(program)'))),
    'total time',
  );
}

async function longTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    const all = [...w.longTasks].sort((a, b) => b - a);
    w.longTasks = [];
    return all.map((t) => Math.round(t));
  });
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Records a Chromium trace of `run` and prints the main thread's time by event kind, and its longest tasks. */
async function traced(cdp: CDPSession, label: string, run: () => Promise<void>): Promise<void> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => events.push(...(data.value as unknown as TraceEvent[])));
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute',
    transferMode: 'ReportEvents',
  });
  await run();
  await cdp.send('Tracing.end');
  await done;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const tasks = onMain.filter((e) => e.name === 'RunTask').sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0));
  const kinds = [
    'FunctionCall',
    'EvaluateScript',
    'TimerFire',
    'FireAnimationFrame',
    'EventDispatch',
    'UpdateLayoutTree',
    'Layout',
    'PrePaint',
    'Paint',
    'Layerize',
    'CompositeLayers',
    'MajorGC',
    'MinorGC',
    'ParseHTML',
  ];
  const inside = (outer: TraceEvent, inner: TraceEvent): boolean =>
    inner.ts >= outer.ts && inner.ts + (inner.dur ?? 0) <= outer.ts + (outer.dur ?? 0);
  const share = (within: TraceEvent[]): string =>
    kinds
      .map((k) => {
        // Outermost events of each kind only (a FunctionCall inside a FunctionCall counts once).
        const own = onMain.filter((e) => e.name === k && within.some((t) => inside(t, e)));
        const outer = own.filter((e) => !own.some((o) => o !== e && inside(o, e)));
        const ms = outer.reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000;
        return ms >= 1 ? `${k} ${ms.toFixed(0)}` : '';
      })
      .filter(Boolean)
      .join(', ');
  const total = tasks.reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000;
  console.log(`\n== trace, ${label}: ${total.toFixed(0)} ms in ${tasks.length} main-thread tasks`);
  console.log(`all tasks (ms): ${share(tasks)}`);
  for (const t of tasks.slice(0, 8))
    console.log(`task ${((t.dur ?? 0) / 1000).toFixed(0)} ms: ${share([t])}`);
}

async function profiled<T>(cdp: CDPSession, run: () => Promise<T>): Promise<Profile> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await run();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  return profile;
}

const phase = process.argv[2] ?? 'both';
const trace = process.argv.includes('--trace');
const rate = Number(process.argv[3] ?? '1');
const browser = await chromium.launch({ executablePath: chromeExecutable(), args: chromeArgs });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const cdp = await page.context().newCDPSession(page);
await openPlayground(page);
await page.waitForTimeout(1000);
await cdp.send('Emulation.setCPUThrottlingRate', { rate });
await longTasks(page);
const load = async (): Promise<void> => {
  await uploadDump(page);
  await waitForLoaded(page, 300);
  await page.waitForTimeout(3000);
};
if (phase === 'type') await load();
else if (trace) await traced(cdp, 'loading', load);
else summarise('loading', await profiled(cdp, load));
console.log(`long tasks while loading: ${(await longTasks(page)).join(', ')}`);
if (phase !== 'load') {
  const editor = page.getByRole('textbox', { name: 'Policies (YAML)' });
  await editor.hover();
  await editor.and(page.locator('[contenteditable="true"]')).waitFor();
  await page.waitForTimeout(1500);
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.waitForTimeout(1000);
  await longTasks(page);
  const typeAll = async (): Promise<void> => {
    for (let i = 0; i < 30; i += 1) {
      const before = await page.evaluate(() => performance.getEntriesByName('np-edit-to-update').length);
      await page.keyboard.type(i % 2 === 1 ? '#' : 'x', { delay: 0 });
      await page
        .waitForFunction((n) => performance.getEntriesByName('np-edit-to-update').length > n, before, {
          timeout: 10_000,
        })
        .catch(() => undefined);
      await page.waitForTimeout(200);
    }
  };
  if (trace) await traced(cdp, 'typing (30 keystrokes)', typeAll);
  else summarise('typing (30 keystrokes)', await profiled(cdp, typeAll));
  console.log(`long tasks while typing: ${(await longTasks(page)).join(', ')}`);
  const times = await page.evaluate(() =>
    performance.getEntriesByName('np-edit-to-update').map((e) => Math.round(e.duration)),
  );
  console.log(`edit → verdicts: ${times.join(', ')}`);
}
await browser.close();
