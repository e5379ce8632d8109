import { defineConfig } from 'vitest/config';

// Conformance tests against the real VoIPmonitor sniffer. They run INSIDE its network namespace
// (scripts/test-real-sniffer.mjs), one file at a time: every file shares the one sniffer.
export default defineConfig({
  test: {
    include: ['test/real-sniffer/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    maxWorkers: 1,
    alias: { electron: new URL('./test/helpers/electron-unavailable.ts', import.meta.url).pathname },
  },
});
