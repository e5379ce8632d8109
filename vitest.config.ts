import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: keep the pool small so simulators and sshd are not starved.
    maxWorkers: 2,
    alias: {
      // Electron's binary is never available here: main code under test must not need it.
      electron: new URL('./test/helpers/electron-unavailable.ts', import.meta.url).pathname,
    },
  },
});
