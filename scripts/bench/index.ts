// Engine benchmarks. Prints figures (recorded in docs/benchmarks.md); never asserts on time.
//   npm run bench                   every section, in the order below
//   npm run bench -- cli naive      only the sections named
//   BENCH_KEEP=1 npm run bench      only writes the large inputs to temp folders and keeps them (for profiling)
import { authoringBench } from './authoring.ts';
import { ciliumBench } from './cilium.ts';
import { cliBench } from './cli.ts';
import { hubbleBench } from './hubble.ts';
import { trafficPanelBench } from './traffic-panel.ts';
import { graphViewsBench } from './graph-views.ts';
import { largeClusterBench } from './large-cluster.ts';
import { repositoryBench } from './repository.ts';
import { lessonBench } from './lesson.ts';
import { naiveBench } from './naive.ts';
import { createWorkload, removeWorkload, type Workload } from './workload.ts';

// A section measures the lesson-size case on its own, or one of the two large workloads.
type Section = { readonly name: string; readonly about: string } & (
  | { readonly input: 'none'; readonly run: () => void }
  | { readonly input: Workload['kind']; readonly run: (workload: Workload) => void }
);

const SECTIONS: readonly Section[] = [
  {
    name: 'lesson',
    about: '(a) lesson cluster, full re-evaluation after one edit',
    input: 'none',
    run: lessonBench,
  },
  {
    name: 'large-cluster',
    about: '(b) 5,000 pods / 1,000 policies: parse, compile, matrix for 2 ports',
    input: 'v1',
    run: largeClusterBench,
  },
  { name: 'cli', about: '(b) 20,000 flows through the command line', input: 'v1', run: cliBench },
  { name: 'naive', about: '(c) the same flows through the naive test oracle', input: 'v1', run: naiveBench },
  {
    name: 'cilium',
    about: '(b, Cilium mixed in) matrix, command line and flows with 40% Cilium policies',
    input: 'mixed',
    run: ciliumBench,
  },
  {
    name: 'repository',
    about: '(d) 1,000 workloads / 200 policies through `netpol list` and `netpol matrix`',
    input: 'none',
    run: repositoryBench,
  },
  {
    name: 'hubble',
    about: '100,000 Hubble flows read into connections (with and without a cluster)',
    input: 'none',
    run: hubbleBench,
  },
  {
    name: 'authoring',
    about:
      "the playground's edits from the picture, conversion and exposure summary (conformance model, shop)",
    input: 'none',
    run: authoringBench,
  },
  {
    name: 'traffic-panel',
    about: "the Traffic panel on the lesson's flow log: read, generate, the live check after an edit",
    input: 'none',
    run: trafficPanelBench,
  },
  {
    name: 'graph-views',
    about: "the sandbox graph's All ports view and granted arrows to external endpoints, per edit",
    input: 'none',
    run: graphViewsBench,
  },
];

function pickSections(names: readonly string[]): readonly Section[] {
  const unknown = names.filter((n) => !SECTIONS.some((s) => s.name === n));
  if (unknown.length > 0) {
    console.error(`unknown section ${unknown.map((n) => `"${n}"`).join(', ')}; sections:`);
    for (const s of SECTIONS) console.error(`  ${s.name.padEnd(14)} ${s.about}`);
    process.exit(2);
  }
  return names.length === 0 ? SECTIONS : SECTIONS.filter((s) => names.includes(s.name));
}

function keepInputs(): void {
  for (const kind of ['v1', 'mixed'] as const) console.log(`inputs kept in ${createWorkload(kind).dir}`);
}

// Sections of one workload run one after the other; a workload is dropped (files and analysis) before
// the next is built, so each one's memory figures are its own.
function runSections(sections: readonly Section[]): void {
  let current: Workload | undefined;
  try {
    for (const section of sections) {
      if (section.input === 'none') {
        section.run();
        continue;
      }
      if (current?.kind !== section.input) {
        if (current) removeWorkload(current);
        current = createWorkload(section.input);
      }
      section.run(current);
    }
  } finally {
    if (current) removeWorkload(current);
  }
}

if (process.env.BENCH_KEEP) keepInputs();
else runSections(pickSections(process.argv.slice(2)));
