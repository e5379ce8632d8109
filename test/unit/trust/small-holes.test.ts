/**
 * The smaller holes of the trust boundary: terminal escapes in CLI text, gzip bombs from a sensor,
 * spreadsheet formulas in CSV cells, bidi/control characters and bare URLs in ticket text, DevTools in
 * packaged builds, and what main's confirmation dialog shows of renderer-written text.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { termSafe, textTable } from '../../../src-main/cli/format';
import { decodeReply, MAX_GZIP_RATIO } from '../../../src-main/connectors/voipmonitor/reply';
import { csvCell } from '../../../src-main/services/cdr-search';
import { renderTemplate } from '../../../src-main/links/ticket-template';
import { devToolsEnabled } from '../../../src-main/app/policy';
import { confirmText, dialogSafe } from '../../../src-main/core/confirm';
import { errorOf } from '../../helpers/error-of';

describe('CLI text output', () => {
  it('shows terminal control sequences instead of sending them to the terminal', () => {
    const evil = 'PBX\u001b]0;owned\u0007\u001b[2J\u009b31m\u202Egnp.exe';
    const out = termSafe(evil);
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(out).toBe('PBX\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\u{202e}gnp.exe');
    expect(termSafe('a\nb', true)).toBe('a\nb');
    expect(termSafe('a\nb')).toBe('a\\x0ab');
    expect(textTable(['NAME'], [[evil]])).not.toContain('\u001b');
  });
});

describe('gzip replies from a sensor', () => {
  const ctx = { sensor: 'edge', command: 'listcalls', aes: null, emptyOk: false, maxBodyBytes: 256 * 1024 * 1024 };
  it('inflates ordinary compressed JSON', () => {
    const body = Buffer.from(JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ callid: `c${i}@x`, caller: `+4420794${i}` }))));
    expect(decodeReply(ctx, gzipSync(body)).equals(body)).toBe(true);
  });
  it('refuses a reply that expands more than the ratio allows, while inflating', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20)); // ~50 KiB of gzip, 50 MiB of spaces
    expect(bomb.length * MAX_GZIP_RATIO).toBeLessThan(50 * 1024 * 1024);
    const e = await errorOf(Promise.resolve().then(() => decodeReply(ctx, bomb)));
    expect(e).toMatchObject({ code: 'protocol', message: /expands more than 200 times/ });
  });
});

describe('CSV cells', () => {
  it.each(['=1+1', '-2-3', '-(1)-(2)', '+1+1', '@SUM(A1)', '\t=1', '+44 20 7946 0000 =1', '\uFF1D1+1'])('%j is neutralised', (v) => {
    expect(csvCell(v)).toBe(`'${v}`);
  });
  it.each(['+442079460000', '2079460000', 'Reception', '1000'])('%j stays as it is', (v) => {
    expect(csvCell(v)).toBe(v);
  });
});

describe('ticket text', () => {
  const values = { callId: 'abc@x', caller: '', callee: 'x', start: 's', duration: 'd', disposition: 'ANSWERED', mos: 'm', mosCaller: 'm', mosCalled: 'm', mosCallee: 'm', link: 'https://vault.example.com/l', validUntil: 'v' };
  it('strips bidi and C0/C1 controls', () => {
    const out = renderTemplate('{{caller}}', { ...values, caller: 'Bob\u202Emoc.live\u0085\u001b[31m' } as never, false);
    expect(out).not.toMatch(/[\u202e\u0085\u001b]/);
  });
  it('puts a bare URL from a CDR field into a code span in Markdown', () => {
    const out = renderTemplate('{{caller}}', { ...values, caller: 'https://evil.example/login' } as never, true);
    expect(out).toBe('`https://evil.example/login`');
    expect(renderTemplate('{{caller}}', { ...values, caller: 'see www.evil.example' } as never, true)).toBe('`see www.evil.example`');
  });
});

describe('DevTools', () => {
  it('are off in packaged builds whatever the environment says', () => {
    expect(devToolsEnabled({ packaged: true, devServerUrl: 'http://localhost:5173', env: '1' })).toBe(false);
    expect(devToolsEnabled({ packaged: false, devServerUrl: undefined, env: '1' })).toBe(true);
    expect(devToolsEnabled({ packaged: false, devServerUrl: undefined, env: undefined })).toBe(false);
  });
});

describe("main's confirmation dialog", () => {
  it('shows renderer-written names without controls or bidi overrides, bounded', () => {
    expect(dialogSafe('HQ\u202Egnp.exe\nFAKE LINE')).toBe('HQ\uFFFDgnp.exe\uFFFDFAKE LINE');
    expect(dialogSafe('x'.repeat(500))).toHaveLength(201);
    const t = confirmText({ title: 'Change?', message: 'm', changes: [{ label: 'Base URL', from: 'https://a', to: 'https://b\u202E' }], confirmLabel: 'Save' });
    expect(t).toContain('Base URL: https://a → https://b\uFFFD');
    expect(t).toMatch(/press Cancel/);
  });
});
