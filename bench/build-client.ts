/** Builds a bench entry (bench/live-client.ts) with Vite, the app's bundler, and imports it. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';

export async function importBuilt<T>(entry: string): Promise<T> {
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
  return (await import(pathToFileURL(path.join(outDir, `${name}.mjs`)).href)) as T;
}
