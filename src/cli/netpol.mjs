// The entry point of `npm run netpol`. It is plain JavaScript so that Node's compile cache is on before
// any TypeScript module loads: on a warm cache Node then never loads its TypeScript stripper, which
// costs a few hundred milliseconds of every run (src/cli/main.ts alone would always need it).
import { enableCompileCache } from 'node:module';

enableCompileCache();
const { main } = await import('./main.ts');
main();
