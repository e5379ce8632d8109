/**
 * live:callDetail's SIP ladder and live:copyLadder over the live handlers, against the simulator in both
 * sensor modes: main formats the text (display zone) and writes the clipboard; after the call ends the
 * last ladder shown is copied and the reply says so; a sensor without the option answers in words.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startVoipmonitorSim, type VoipmonitorSim } from '../../sims/voipmonitor';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { LiveCallsService } from '../../../src-main/services/live/service';
import { liveHandlers } from '../../../src-main/ipc/handlers/live';
import { liveChannels } from '../../../src-main/ipc/contract/live';
import { SIP_OFF_NOTE } from '../../../src-main/connectors/voipmonitor/sip-ladder';
import type { HandlerContext } from '../../../src-main/ipc/router';
import { errorOf } from '../../helpers/error-of';

let on: VoipmonitorSim;
let off: VoipmonitorSim;
let ctx: FakeContext;
const hctx: HandlerContext = { sender: { url: 'app://callboard/', isMainFrame: true, id: 9 }, emit: () => undefined };

beforeAll(async () => {
  on = await startVoipmonitorSim({ activeCallInfo: true, scenario: { count: 12, seed: 4 } });
  off = await startVoipmonitorSim({ scenario: { count: 3, seed: 4 } });
  ctx = await fakeContext([
    { id: 'hq', name: 'HQ sensor', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: on.port }, cipher: 'none', timeoutMs: 2000, timeZone: 'Europe/Prague' },
    { id: 'dc', name: 'DC sensor', kind: 'voipmonitor', transport: { type: 'tcp', host: '127.0.0.1', port: off.port }, cipher: 'none', timeoutMs: 2000 },
  ]);
});
afterAll(async () => {
  await ctx.connections.closeAll();
  await Promise.all([on.stop(), off.stop()]);
  await ctx.cleanup();
});

describe('SIP ladder over the live handlers', () => {
  it('an answered call: the ladder crosses IPC valid; copy writes the same messages as text; an ended call copies the last ladder shown', async () => {
    const h = liveHandlers(ctx, new LiveCallsService(ctx, { intervalMsOverride: 100 }));
    const c = [...on.scenario.calls.values()].find((x) => x.failCode === null && on.scenario.now - x.start > x.ringSec)!;
    const key = `hq:${c.ref}`;
    const d = await h['live:callDetail']({ key }, hctx);
    expect(liveChannels['live:callDetail'].response.safeParse(d).success).toBe(true);
    expect(d.sipLadder?.state).toBe('available');
    expect(d.sipLadder?.messages.map((m) => m.status ?? m.method)).toEqual(['INVITE', 100, 180, 200, 'ACK']);
    // The sensor's zone (Prague) is the offset of the ISO text.
    expect(d.sipLadder?.messages[0]?.time).toMatch(/\.\d{3}\+0[12]:00$/);

    const r = await h['live:copyLadder']({ key }, hctx);
    expect(r).toEqual({ lines: expect.any(Number), messages: 5, stale: false });
    const text = ctx.platform.clipboard.at(-1) ?? '';
    expect(text).toContain(`(Call-ID ${c.callId}) on sensor HQ sensor`);
    expect(text.match(/\[CSeq /g)).toHaveLength(5);
    expect(text.split('\n')).toHaveLength(r.lines + 1);

    // The call ends on the sensor: "call not found"; the copy uses the last ladder and says so.
    on.scenario.calls.delete(c.ref);
    on.scenario.generation++;
    const again = await h['live:copyLadder']({ key }, hctx);
    expect(again.stale).toBe(true);
    expect(ctx.platform.clipboard.at(-1)).toContain('as last shown before the call ended');
    // A call never shown has nothing to fall back on: the sensor's words.
    const e = await errorOf(Promise.resolve(h['live:copyLadder']({ key: 'hq:0x1234' }, hctx)));
    expect(e.code).toBe('not_found');
  });

  it('a sensor without active_call_info: the ladder says so, and there is nothing to copy', async () => {
    const h = liveHandlers(ctx, new LiveCallsService(ctx, { intervalMsOverride: 100 }));
    const c = [...off.scenario.calls.values()][0]!;
    const d = await h['live:callDetail']({ key: `dc:${c.ref}` }, hctx);
    expect(d.sipLadder).toEqual({ state: 'disabled', note: SIP_OFF_NOTE, messages: [], parties: [], omitted: 0, rejected: 0 });
    const before = ctx.platform.clipboard.length;
    await h['live:copyLadder']({ key: `dc:${c.ref}` }, hctx);
    expect(ctx.platform.clipboard.at(-1)).toContain(SIP_OFF_NOTE);
    expect(ctx.platform.clipboard.length).toBe(before + 1);
  });
});
