// The entry point of `npm run netpol`. Plain JavaScript, so that it starts without Node's TypeScript
// stripper and can turn on the compile cache before anything else loads.
//
// Loading the engine as a hundred separate TypeScript modules costs about 0.15 s of every run (finding,
// reading and linking files). So the command line runs from one bundled file, built with esbuild into
// node_modules/.cache/netpol-lab/ on first use and rebuilt whenever a file it was built from changes
// (their modification times are recorded next to it). If the bundle cannot be built or loaded, the
// TypeScript sources run directly, as they do with NETPOL_CLI_SOURCES=1.
import { enableCompileCache } from 'node:module';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

enableCompileCache();

const root = fileURLToPath(new URL('../../', import.meta.url));
const cacheDir = join(root, 'node_modules', '.cache', 'netpol-lab');
const bundleFile = join(cacheDir, 'main.mjs');
const inputsFile = join(cacheDir, 'cli-inputs.json');

/** Modification time of a file under the project, or -1 when it is gone. */
function mtime(file) {
  return statSync(join(root, file), { throwIfNoEntry: false })?.mtimeMs ?? -1;
}

/** Whether the bundle exists and every file it was built from is unchanged. */
function bundleIsFresh() {
  try {
    const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
    statSync(bundleFile);
    return Object.entries(inputs).every(([file, time]) => mtime(file) === time);
  } catch {
    return false;
  }
}

/** Writes a file whole or not at all (several runs may build at once). */
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

async function buildBundle() {
  const started = Date.now();
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/cli/main.ts'],
    outfile: bundleFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // The `yaml` package is CommonJS and requires Node built-ins.
    banner: {
      js: "import { createRequire as netpolRequire } from 'node:module'; const require = netpolRequire(import.meta.url);",
    },
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  mkdirSync(cacheDir, { recursive: true });
  const output = result.outputFiles.find((f) => f.path === bundleFile);
  if (!output) throw new Error('esbuild produced no bundle');
  writeAtomically(bundleFile, output.contents);
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((file) => [file, mtime(file)]));
  // A file saved while the bundle was being built may not be in it: leave it stale, so the next run rebuilds.
  if (Object.values(inputs).every((time) => time >= 0 && time < started))
    writeAtomically(inputsFile, JSON.stringify(inputs));
}

async function loadMain() {
  if (process.env.NETPOL_CLI_SOURCES !== '1') {
    try {
      if (!bundleIsFresh()) await buildBundle();
      return (await import(pathToFileURL(bundleFile).href)).main;
    } catch {
      // No esbuild, a read-only node_modules, a damaged bundle: the sources give the same results, and
      // forgetting the inputs makes the next run build the bundle again.
      rmSync(inputsFile, { force: true });
    }
  }
  return (await import('./main.ts')).main;
}

await (
  await loadMain()
)();
