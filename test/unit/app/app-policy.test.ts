import path from 'node:path';
import { readFileSync } from 'node:fs';
import electronViteConfig, { cspMetaPlugin } from '../../../electron.vite.config';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isAppUrl, resolveAppFile } from '../../../src-main/app/policy';
import { checkExternalUrl } from '../../../src-main/core/external-url';

describe('app shell policy', () => {
  it('recognises only our own origin, parsed', () => {
    expect(isAppUrl('app://callboard/index.html')).toBe(true);
    expect(isAppUrl('app://callboard.evil/index.html')).toBe(false);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://callboard/index.html')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });

  it('serves files only from inside the renderer folder', () => {
    const dir = path.resolve('/opt/callboard/renderer');
    expect(resolveAppFile('app://callboard/', dir)).toBe(path.join(dir, 'index.html'));
    expect(resolveAppFile('app://callboard/assets/index-abc.js', dir)).toBe(path.join(dir, 'assets/index-abc.js'));
    // Traversal attempts resolve inside the folder (the URL parser collapses dot segments) or not at all.
    for (const attack of ['app://callboard/../../etc/passwd', 'app://callboard/%2e%2e/%2e%2e/etc/passwd', 'app://callboard/assets/..%2f..%2f..%2fetc/passwd', 'app://callboard/a%5c..%5c..%5cx']) {
      const r = resolveAppFile(attack, dir);
      expect(r === null || r.startsWith(dir + path.sep), attack).toBe(true);
    }
    expect(resolveAppFile('app://callboard/assets/..%2f..%2f..%2fetc/passwd', dir)).toBeNull();
    expect(resolveAppFile('app://callboard/a%5c..%5c..%5cx', dir)).toBeNull();
    expect(resolveAppFile('app://callboard/%00', dir)).toBeNull();
    expect(resolveAppFile('app://other/index.html', dir)).toBeNull();
  });

  it('has a CSP that forbids all network and inline code', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('the renderer page gets its CSP <meta> from the same definition as the header, and writes none of its own', () => {
    const html = readFileSync(path.join(__dirname, '../../../src-renderer/index.html'), 'utf8');
    expect(html).not.toMatch(/<meta[^>]*Content-Security-Policy/i);
    const config = electronViteConfig as { renderer?: { plugins?: unknown[] } };
    expect(config.renderer?.plugins).toContain(cspMetaPlugin);
    const hook = cspMetaPlugin.transformIndexHtml;
    expect(typeof hook).toBe('function');
    const tags = typeof hook === 'function' ? (hook as () => unknown)() : null;
    expect(tags).toEqual([expect.objectContaining({ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY } })]);
  });

  it('opens external URLs only under allowed bases', () => {
    const bases = ['https://vault.example.com', 'https://tools.example.org/sipvault'];
    expect(checkExternalUrl('https://vault.example.com/call/1', bases).host).toBe('vault.example.com');
    expect(checkExternalUrl('https://tools.example.org/sipvault/call/1', bases).pathname).toBe('/sipvault/call/1');
    for (const bad of ['https://tools.example.org/sipvault-evil/x', 'https://vault.example.com@evil.net/', 'https://evil.net/https://vault.example.com', 'http://vault.example.com/', 'https://VAULT.example.com.evil.net/']) {
      expect(() => checkExternalUrl(bad, bases), bad).toThrow();
    }
  });
});
