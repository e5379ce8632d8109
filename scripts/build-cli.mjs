// Bundles the headless CLI (src-main/cli) into out/cli/callboard.cjs for the `callboard` bin.
// Runs on `npm install` (postinstall) so `npx callboard` works right after installing.
import { build } from 'vite';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  configFile: false,
  logLevel: 'warn',
  define: { __CALLBOARD_VERSION__: JSON.stringify(pkg.version) },
  build: {
    ssr: 'src-main/cli/index.ts',
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: { output: { format: 'cjs', entryFileNames: 'callboard.cjs' } },
  },
});
