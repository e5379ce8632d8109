/** Builds a bench entry (bench/live-client.ts) with Vite, the app's bundler; returns the built file's path. */
import path from 'node:path';
import { build } from 'vite';

export async function buildEntry(entry: string): Promise<string> {
  const name = path.basename(entry, '.ts');
  const outDir = path.resolve('out/bench');
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      sourcemap: false,
      rollupOptions: { output: { format: 'es', entryFileNames: `${name}.mjs` } },
    },
  });
  return path.join(outDir, `${name}.mjs`);
}
