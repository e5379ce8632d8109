import { describe, it, expect, afterEach } from 'vitest';
import { rm } from 'node:fs/promises';
import { appContext, rig, type Rig } from '../ucm/helpers';
import { callsCommand } from '../../../src-main/cli/commands/calls';
import { LiveCallsService } from '../../../src-main/services/live/service';
import type { LiveDiff } from '../../../src-main/domain/live-call';
import type { CliIO } from '../../../src-main/cli/types';

let r: Rig | null = null;
let dir: string | null = null;
afterEach(async () => {
  await r?.connections.closeAll();
  await r?.sim.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  r = null;
  dir = null;
});

function io(): CliIO & { out: string } {
  const o = { out: '', stdout: (t: string) => void (o.out += t), stderr: () => {}, readStdin: async () => '', confirm: async () => false, isTTY: false };
  return o;
}

describe('UCM profiles through the same LiveSource table', () => {
  it('callboard calls serves a UCM profile, with --called filtering client-side', async () => {
    r = await rig();
    const ctx = await appContext(r);
    dir = ctx.dir;
    const all = io();
    expect(await callsCommand.run(['hq', '--json'], all, ctx)).toBe(0);
    const calls = JSON.parse(all.out) as Array<Record<string, unknown>>;
    expect(calls.length).toBe(2);
    expect(calls.every((c) => c['sensor'] === 'hq' && typeof c['start'] === 'string')).toBe(true);
    const one = io();
    expect(await callsCommand.run(['hq', '--called', '1003', '--json'], one, ctx)).toBe(0);
    expect((JSON.parse(one.out) as Array<Record<string, unknown>>).map((c) => c['called'])).toEqual(['1003']);
  });

  it('the live service polls a UCM profile like a sensor', async () => {
    r = await rig();
    const ctx = await appContext(r);
    dir = ctx.dir;
    const svc = new LiveCallsService(ctx, { intervalMsOverride: 200 });
    const diffs: LiveDiff[] = [];
    await svc.subscribe('w', ['hq'], { diff: (d) => diffs.push(d), status: () => {} });
    try {
      for (let i = 0; i < 100 && !diffs.length; i++) await new Promise((res) => setTimeout(res, 30));
      expect(diffs[0]?.reset).toBe(true);
      expect(diffs[0]?.added.every((c) => c.source === 'ucm')).toBe(true);
    } finally {
      await svc.stopAll();
    }
  });
});
