import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createRouter, type Handlers, type Router, type SenderInfo } from '../../../src-main/ipc/router';
import { linksHandlers } from '../../../src-main/ipc/handlers/links';
import { auditHandlers } from '../../../src-main/ipc/handlers/audit';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';

const APP: SenderInfo = { url: 'app://callboard/index.html', isMainFrame: true, id: 1 };
const SECRET = 'ipc-canary-secret-5f2b';

describe('links and audit over the real router', () => {
  let ctx: FakeContext;
  let router: Router;
  beforeAll(async () => {
    ctx = await fakeContext([{ id: 'v', name: 'V', kind: 'sipvault', baseUrl: 'https://vault.example.com', customerId: 'acme' }]);
    await ctx.secrets.set('v', 'hmacSecret', SECRET);
    const handlers = { ...linksHandlers(ctx), ...auditHandlers(ctx) } as unknown as Handlers;
    router = createRouter({ handlers, isTrustedUrl: (u) => u.startsWith('app://callboard/'), emit: () => undefined });
  });
  afterAll(() => ctx.cleanup());

  it('preview and copy return only display fields; the clipboard gets the URL; nothing carries the secret', async () => {
    const prev = await router.handle('links:preview', APP, { callId: 'abc@host' });
    expect(prev.ok).toBe(true);
    const v = prev.ok ? (prev.value as Record<string, unknown>) : {};
    expect(Object.keys(v).sort()).toEqual(['url', 'validUntil', 'validUntilEpoch', 'vaultProfileId']);
    const copy = await router.handle('links:copy', APP, { callId: 'abc@host' });
    expect(copy.ok && (copy.value as { url: string }).url).toBe(ctx.platform.clipboard.at(-1));
    const ticket = await router.handle('links:copyTicket', APP, { callId: 'abc@host', caller: '100', callee: '200', durationSec: 61 });
    expect(ticket.ok).toBe(true);
    const audit = await router.handle('audit:list', APP, { action: 'link-copy' });
    expect(audit.ok && (audit.value as { records: unknown[] }).records).toHaveLength(1);
    expect(JSON.stringify([prev, copy, ticket, audit, ctx.platform.clipboard])).not.toContain(SECRET);
  });

  it('rejects smuggled fields and URLs from the renderer', async () => {
    for (const payload of [
      { callId: 'a@b', secret: 'x' },
      { callId: 'a@b', baseUrl: 'https://evil.example.net' },
      { callId: '' },
      { callId: 'x'.repeat(3000) },
      { url: 'https://evil.example.net' },
    ]) {
      const r = await router.handle('links:open', APP, payload);
      expect(r.ok, JSON.stringify(payload).slice(0, 60)).toBe(false);
    }
    expect(ctx.platform.opened).toHaveLength(0);
    const ok = await router.handle('links:open', APP, { callId: 'a@b' });
    expect(ok.ok).toBe(true);
    expect(ctx.platform.opened[0]?.startsWith('https://vault.example.com/call/')).toBe(true);
    const tpl = await router.handle('links:setTemplate', APP, { setting: { preset: 'custom', text: 'x'.repeat(5000) } });
    expect(tpl.ok).toBe(false);
    expect((await router.handle('audit:list', APP, { limit: 0 })).ok).toBe(false);
  });
});
