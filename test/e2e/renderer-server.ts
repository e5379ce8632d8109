/**
 * Serves the built renderer (out/renderer) on 127.0.0.1 with the app's CSP header, for the E2E harness,
 * the browser demo and the renderer benchmarks: one static server instead of three.
 */
import { createServer, type Server } from 'node:http';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CONTENT_SECURITY_POLICY, mimeFor } from '../../src-main/app/policy';

export const ROOT = path.resolve(__dirname, '../..');
export const RENDERER_DIR = path.join(ROOT, 'out/renderer');

export function serveRenderer(dir = RENDERER_DIR): Promise<{ server: Server; origin: string }> {
  const root = path.resolve(dir);
  const server = createServer(async (req, res) => {
    let rel: string;
    try {
      rel = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      return void res.writeHead(400).end();
    }
    const file = path.resolve(root, '.' + (rel === '/' ? '/index.html' : rel));
    if (!file.startsWith(root + path.sep)) return void res.writeHead(404).end();
    try {
      const body = await fs.readFile(file);
      res.writeHead(200, { 'Content-Type': mimeFor(file), 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'Cache-Control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve({ server, origin: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` });
    }),
  );
}

/** Builds the current renderer (the same output `electron-vite build` makes for the app). */
export function buildRenderer(outDir = RENDERER_DIR): void {
  const r = spawnSync('npx', ['vite', 'build', 'src-renderer', '--outDir', outDir, '--emptyOutDir', '--base', './', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
  if (r.status !== 0) throw new Error('renderer build failed');
}
