import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    pool: 'threads',
    // CI has two cores: property tests that take 1 s on a quiet machine take several on a busy one. A test
    // that hangs still fails, after this long.
    testTimeout: 30_000,
  },
});
