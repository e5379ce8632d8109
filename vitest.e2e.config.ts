import { defineConfig } from 'vitest/config';

// End-to-end tests: real renderer build in Debian Chromium over the test bridge (test/e2e/harness.ts).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    maxWorkers: 1,
    alias: { electron: new URL('./test/helpers/electron-unavailable.ts', import.meta.url).pathname },
  },
});
