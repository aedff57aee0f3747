import { defineConfig } from 'vitest/config';

// `npm run test:hostile`: the hostile-input properties with 10,000 generated inputs each (the default
// unit run, `vitest.config.ts`, tries 200). `HOSTILE_RUNS=100000 npm run test:hostile` tries more.
export default defineConfig({
  test: {
    include: ['tests/hostile/**/*properties*.test.ts'],
    environment: 'node',
    pool: 'threads',
    env: { HOSTILE_RUNS: process.env.HOSTILE_RUNS ?? '10000' },
  },
});
