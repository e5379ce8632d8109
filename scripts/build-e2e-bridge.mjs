// Bundles test/e2e/page/bridge-entry.ts (and with it the real preload api.ts) into out/e2e/bridge.js,
// the script the E2E harness and the browser demo install in the page instead of the Electron preload.
// Runs as its own plain-Node process: vite's bundler must not run inside a TS loader (tsx).
import { build } from 'vite';

await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    outDir: 'out/e2e',
    emptyOutDir: true,
    minify: false,
    lib: { entry: 'test/e2e/page/bridge-entry.ts', formats: ['iife'], name: 'CallboardBridge', fileName: () => 'bridge.js' },
  },
});
