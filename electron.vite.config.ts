import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { HtmlTagDescriptor, Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './src-main/app/policy';

/**
 * The renderer page's CSP <meta>, written from the one definition main also sends as a header (app:// protocol,
 * dev server) so the two cannot drift. Vite's transformIndexHtml hook: https://vite.dev/guide/api-plugin#transformindexhtml
 */
export function cspMetaTag(): HtmlTagDescriptor {
  return { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' };
}
export const cspMetaPlugin: Plugin = { name: 'callboard-csp-meta', transformIndexHtml: () => [cspMetaTag()] };

// Non-default folders fixed by the project: src-main (main + preload), src-renderer.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'src-main/app/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot require() modules: bundle everything, emit CommonJS.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src-main/preload/index.ts') }, output: { format: 'cjs' } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    base: './',
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
    plugins: [react(), cspMetaPlugin],
  },
});
