import { displayZone, formatTime } from '../../../src-shared/time-format';
import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildLink } from '../../../src-main/links/sipvault';
import { setLogLevel, setLogSink } from '../../../src-main/core/log';
import { CallboardError } from '../../../src-main/core/errors';
import { copyLink, copyTicketText, openInVault, openLink, previewLink, resolveVaultProfile, setTemplate, getTemplate, TEMPLATE_FILE } from '../../../src-main/services/links';
import { codeSpan } from '../../../src-main/links/ticket-template';
import { startSipvaultVerifier, type SipvaultVerifier } from '../../sims/sipvault/verifier';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';

const SECRET = 'canary-HMAC-secret-7f3a91c2';
const NOW = 1_777_777_777;
const AWKWARD = [
  'a84b4c76e66710@pc33.atlanta.com',
  'abc def 123@host',
  'Zm9v+YmFy+YQ==@sbc.example.net',
  'ab/cd//ef@192.0.2.10',
  'call%20id%2Bx%40@host',
  '100%@host%2',
  'chamada-ação-呼叫-😀@例え.jp',
  "tag~1!*(x)'@[2001:db8::1]",
  '&cid=evil&ts=1#frag?x=1;y',
  ('Ab9-_.~ +/%@'.repeat(30)).slice(0, 300),
];

async function get(v: SipvaultVerifier, url: string): Promise<number> {
  const u = new URL(url);
  const res = await fetch(v.url + u.pathname + u.search);
  await res.arrayBuffer();
  return res.status;
}

describe('links against the spec-model verifier (HTTP, 127.0.0.1)', () => {
  let form: SipvaultVerifier;
  let strict: SipvaultVerifier;
  beforeAll(async () => {
    form = await startSipvaultVerifier({ secret: SECRET, decode: 'form', now: () => NOW, knownCallIds: AWKWARD });
    strict = await startSipvaultVerifier({ secret: SECRET, decode: 'strict', now: () => NOW, knownCallIds: AWKWARD });
  });
  afterAll(async () => {
    await form.stop();
    await strict.stop();
  });

  it('every awkward Call-ID round-trips byte-exact through strict and form decoders', async () => {
    expect(AWKWARD.at(-1)).toHaveLength(300);
    for (const callId of AWKWARD) {
      const link = buildLink({ baseUrl: 'https://vault.example.com/', customerId: 'acme co/1', callId, secret: SECRET, nowSeconds: NOW });
      expect(await get(form, link.url), callId).toBe(200);
      expect(await get(strict, link.url), callId).toBe(200);
      expect(form.requests.at(-1)?.callId).toBe(callId);
      expect(strict.requests.at(-1)?.callId).toBe(callId);
      // URLSearchParams is form-style: the browser-side view must agree too.
      expect(new URL(link.url).searchParams.get('callid')).toBe(callId);
    }
  });

  it('accepts links signed one hour either side, rejects two hours off', async () => {
    const mk = (dh: number) => buildLink({ baseUrl: 'https://v.example.com', customerId: 'acme', callId: AWKWARD[0] as string, secret: SECRET, nowSeconds: NOW + dh * 3600 }).url;
    expect(await get(form, mk(-1))).toBe(200);
    expect(await get(form, mk(1))).toBe(200);
    expect(await get(form, mk(-2))).toBe(401);
    expect(form.requests.at(-1)?.detail).toBe('ts expired');
    expect(await get(form, mk(2))).toBe(401);
  });

  it('rejects tampering: callid, hash, sig, ts, missing sig', async () => {
    const link = buildLink({ baseUrl: 'https://v.example.com', customerId: 'acme', callId: 'abc@host', secret: SECRET, nowSeconds: NOW });
    const cases: Array<[string, number, string]> = [
      [link.url.replace('callid=abc', 'callid=abd'), 401, 'invalid signature'],
      [link.url.replace(`/call/${link.callHash}`, `/call/${'0'.repeat(16)}`), 403, 'call_hash does not match token'],
      [link.url.replace(`sig=${link.sig}`, `sig=${link.sig.slice(0, 31)}${link.sig.endsWith('0') ? '1' : '0'}`), 401, 'invalid signature'],
      [link.url.replace(`ts=${link.ts}`, `ts=${link.ts + 1}`), 401, 'invalid signature'],
      [link.url.replace(/&sig=[0-9a-f]+/, ''), 401, 'missing signature'],
    ];
    for (const [url, status, detail] of cases) {
      expect(await get(form, url), detail).toBe(status);
      expect(form.requests.at(-1)?.detail).toBe(detail);
    }
    const other = buildLink({ baseUrl: 'https://v.example.com', customerId: 'acme', callId: 'abc@host', secret: 'another-secret', nowSeconds: NOW });
    expect(await get(form, other.url)).toBe(401);
  });
});

describe('link services (profiles, keychain, clipboard, audit)', () => {
  let ctx: FakeContext;
  const logs: string[] = [];
  beforeEach(async () => {
    ctx = await fakeContext(
      [
        { id: 'vault-a', name: 'Vault A', kind: 'sipvault', baseUrl: 'https://vault.example.com/', customerId: 'acme' },
        { id: 'vault-b', name: 'Vault B', kind: 'sipvault', baseUrl: 'https://b.example.net/sv', customerId: 'globex' },
        { id: 'pbx', name: 'PBX', kind: 'ucm', baseUrl: 'https://pbx.example.com:8089', user: 'cdrapi', sipvaultProfileId: 'vault-b' },
        { id: 'pbx2', name: 'PBX 2', kind: 'ucm', baseUrl: 'https://pbx2.example.com:8089', user: 'cdrapi' },
      ],
      NOW * 1000,
    );
    await ctx.secrets.set('vault-a', 'hmacSecret', SECRET);
    await ctx.secrets.set('vault-b', 'hmacSecret', SECRET + '-b');
    logs.length = 0;
    setLogSink((l) => logs.push(l));
    setLogLevel('debug');
  });
  afterEach(async () => {
    setLogSink((l) => process.stderr.write(l + '\n'));
    setLogLevel('warn');
    await ctx.cleanup();
  });

  it('picks the source profile default, else asks when several vaults exist', async () => {
    expect((await resolveVaultProfile(ctx, { sourceProfileId: 'pbx' })).id).toBe('vault-b');
    expect((await resolveVaultProfile(ctx, { sourceProfileId: 'pbx', vaultProfileId: 'vault-a' })).id).toBe('vault-a');
    const err = await resolveVaultProfile(ctx, { sourceProfileId: 'pbx2' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallboardError);
    expect((err as CallboardError).details.data?.choices).toBe('vault-a,vault-b');
    await ctx.profiles.remove('vault-b');
    await ctx.profiles.remove('pbx');
    expect((await resolveVaultProfile(ctx, { sourceProfileId: 'pbx2' })).id).toBe('vault-a');
    await expect(resolveVaultProfile(ctx, { vaultProfileId: 'pbx2' })).rejects.toThrow(/not a SIP VAULT profile/);
  });

  it('copyLink writes the clipboard, audits link-copy, and never exposes the secret', async () => {
    const res = await copyLink(ctx, { callId: 'abc def@host', vaultProfileId: 'vault-a' });
    expect(ctx.platform.clipboard).toEqual([res.url]);
    expect(res.url.startsWith('https://vault.example.com/call/')).toBe(true);
    expect(res.validUntil).toBe(new Date((Math.floor(NOW / 3600) + 2) * 3600 * 1000).toISOString());
    const [rec] = await ctx.audit.list({ action: 'link-copy' });
    expect(rec?.target).toBe('abc def@host');
    expect(rec?.profileId).toBe('vault-a');
    const everything = JSON.stringify(res) + (await readFile(ctx.audit.file, 'utf8')) + ctx.platform.clipboard.join() + logs.join('\n');
    expect(everything).not.toContain(SECRET);
  });

  it('a missing secret is a config error that names the profile, not the value', async () => {
    await ctx.secrets.clear('vault-a', 'hmacSecret');
    const err = await previewLink(ctx, { callId: 'x@y', vaultProfileId: 'vault-a' }).catch((e: unknown) => e as CallboardError);
    expect(err).toBeInstanceOf(CallboardError);
    expect((err as CallboardError).code).toBe('config');
    expect((err as CallboardError).message).toContain('vault-a');
  });

  it('secret canary never appears in errors or logs, even for a bad Call-ID', async () => {
    const msgs: string[] = [];
    for (const callId of ['', 'a\uDC00b', 'x'.repeat(3000)]) {
      const e: unknown = await copyLink(ctx, { callId, vaultProfileId: 'vault-a' }).then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(CallboardError);
      msgs.push((e as CallboardError).message);
    }
    expect(msgs).toHaveLength(3);
    expect(msgs.join() + logs.join()).not.toContain(SECRET);
  });

  it('opens only https URLs under a configured vault base', async () => {
    const good = await openLink(ctx, { callId: 'q@h', vaultProfileId: 'vault-b' });
    expect(ctx.platform.opened).toEqual([good.url]);
    expect(good.url.startsWith('https://b.example.net/sv/call/')).toBe(true);
    const bad = [
      'https://vault.example.com.evil.net/call/x',
      'https://vault.example.com@evil.net/call/x',
      'http://vault.example.com/call/x',
      'https://b.example.net/svx/call/x',
      'https://b.example.net/other',
      'javascript:alert(1)',
      'not a url',
    ];
    for (const u of bad) await expect(openInVault(ctx, u), u).rejects.toMatchObject({ code: 'policy' });
    expect(ctx.platform.opened).toHaveLength(1);
    expect((await ctx.audit.list({ action: 'link-open' })).length).toBe(1);
  });

  it('markdown code spans keep Call-IDs with backticks verbatim', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x')).toBe('`` `x ``');
    expect(codeSpan('tag~1!*(x)')).toBe('`tag~1!*(x)`');
  });

  it('ticket text: presets, zone, MOS, markdown escaping, no placeholder injection, audit', async () => {
    const call = {
      callId: 'abc@host',
      vaultProfileId: 'vault-a',
      caller: '+420224123456',
      callee: '*evil* [x](http://e) {{link}}',
      startMs: Date.UTC(2026, 10, 22, 16, 0, 5),
      timeZone: 'Europe/Prague',
      durationSec: 125,
      disposition: 'ANSWERED\nInjected: line',
      mosCaller: 4.31,
    };
    const plain = await copyTicketText(ctx, call);
    expect(plain.text).toContain('Call-ID: abc@host');
    // The start on the display zone's clock (the operator's zone by default), exactly as the tables show it.
    expect(plain.text).toContain('Start: 2026-11-22 17:00:05 (Europe/Prague)');
    expect(plain.text).toContain('Duration: 2:05');
    expect(plain.text).toContain('MOS: 4.31 (caller to callee) / unknown (callee to caller)');
    expect(plain.text).toContain(`SIP VAULT: ${plain.link.url}`);
    expect(plain.text).toContain(`valid until ${formatTime(plain.link.validUntilEpoch * 1000, displayZone('operator', 'Europe/Prague'))} (Europe/Prague)`);
    expect(plain.text).not.toMatch(/^Injected/m);
    // A value containing {{link}} is inserted literally, never expanded.
    expect(plain.text.split(plain.link.url)).toHaveLength(2);
    expect(ctx.platform.clipboard.at(-1)).toBe(plain.text);

    await setTemplate(ctx, { preset: 'markdown' });
    expect(await getTemplate(ctx)).toEqual({ preset: 'markdown' });
    const md = await copyTicketText(ctx, call);
    // A value containing a URL goes into a code span (GFM autolinks ignore backslash escapes).
    expect(md.text).toContain('`*evil* [x](http://e) {{link}}`');
    expect(md.text).toContain(`(${md.link.url})`);
    expect(md.text).toContain('**Call-ID:** `abc@host`');

    await setTemplate(ctx, { preset: 'custom', text: '{{callId}} {{nope}} {{ constructor }} {{duration}}', markdown: false });
    const custom = await copyTicketText(ctx, call);
    expect(custom.text).toBe('abc@host {{nope}} {{ constructor }} 2:05');
    const onDisk = JSON.parse(await readFile(path.join(ctx.configDir, TEMPLATE_FILE), 'utf8')) as { preset: string };
    expect(onDisk.preset).toBe('custom');
    expect((await ctx.audit.list({ action: 'ticket-copy' })).length).toBe(3);
    expect(ctx.platform.clipboard.join()).not.toContain(SECRET);
  });
});
