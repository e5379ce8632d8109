/**
 * The audit log as the operator's shared ledger and as a fail-closed record:
 *  - twenty separate processes (as twenty CLI runs at once), each also sending refused prepares, never
 *    place more calls per minute than the policy allows, counted at the PBX (the dialer's own file);
 *  - refused prepares cannot flood the log;
 *  - a short write or a full disk rejects the attempt record, and then the PBX is not called;
 *  - a torn last line (power loss) never swallows the next record.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, AUDIT_FILE, type AuditFs } from '../../../src-main/audit/log';
import { createOriginateService, MAX_REFUSALS_LOGGED_PER_MINUTE } from '../../../src-main/services/originate';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import type { Dialer } from '../../../src-main/services/originate';

const PBX = { id: 'pbx', name: 'PBX', kind: 'ucm' as const, baseUrl: 'https://pbx.example.com', user: 'u', operatorExtension: '1000', dialPolicy: { defaultCountry: 'GB', maxPerMinute: 5, dedupSeconds: 10 } };
const CHILD = path.join(__dirname, 'ledger-child.mts');

/** Counts PBX calls; nothing else. */
function recordingDialer(): { calls: string[]; dial: Dialer } {
  const d = { calls: [] as string[], dial: (async (_c, _p, req) => {
    d.calls.push(req.destination);
    return { ok: true, code: 0, message: 'ok' };
  }) as Dialer };
  return d;
}

let ctx: FakeContext | undefined;
afterEach(async () => {
  await ctx?.cleanup();
  ctx = undefined;
});

function runChild(dir: string, index: number, fixed: number, refused: number, calls: number): Promise<{ placed: number; limited: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(index), String(fixed), String(refused), String(calls)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 90_000);
    p.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`child ${index} exited ${code}: ${err.slice(-2000)}`));
      resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as { placed: number; limited: number });
    });
  });
}

describe('the audit log is the shared ledger', () => {
  it('20 processes at once, 1,000 refused prepares between them: never more calls than the limit', { timeout: 180_000 }, async () => {
    ctx = await fakeContext([PBX]);
    const fixed = ctx.clock.ms;
    const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => runChild(ctx!.configDir, i, fixed, 50, 2)));
    const dialled = (await fs.readFile(path.join(ctx.configDir, 'dialled.log'), 'utf8')).trim().split('\n');
    // What the PBX saw is the measure: exactly the limit, no more, from all processes together.
    expect(dialled).toHaveLength(PBX.dialPolicy.maxPerMinute);
    expect(runs.reduce((n, r) => n + r.placed, 0)).toBe(PBX.dialPolicy.maxPerMinute);
    expect(runs.reduce((n, r) => n + r.limited, 0)).toBe(40 - PBX.dialPolicy.maxPerMinute);
    const recs = await ctx.audit.list({ action: 'originate', limit: 100_000 });
    expect(recs.filter((r) => r.phase === 'attempt')).toHaveLength(PBX.dialPolicy.maxPerMinute);
    // 1,000 premium-rate prepares and 35 rate-limited confirms were refused; the log holds one minute's share.
    expect(recs.filter((r) => r.phase === 'refused')).toHaveLength(MAX_REFUSALS_LOGGED_PER_MINUTE + 1);
    expect(recs.some((r) => /not logged/.test(r.reason ?? ''))).toBe(true);
  });

  it('the same call from another process within the de-dup window is not placed again', async () => {
    ctx = await fakeContext([PBX]);
    const dialer = recordingDialer();
    const a = createOriginateService(ctx, { dialers: { ucm: dialer.dial } });
    const b = createOriginateService(ctx, { dialers: { ucm: dialer.dial } }); // a second window / process
    await a.confirm((await a.prepare({ profileId: 'pbx', destination: '020 7946 0000' })).token);
    await expect(b.confirm((await b.prepare({ profileId: 'pbx', destination: '020 7946 0000' })).token)).rejects.toMatchObject({ code: 'policy', message: /placed 0 s ago/ });
    expect(dialer.calls).toHaveLength(1);
    ctx.clock.ms += 11_000;
    await b.confirm((await b.prepare({ profileId: 'pbx', destination: '020 7946 0000' })).token);
    expect(dialer.calls).toHaveLength(2);
  });
});

/** Real fs, except that appends to the audit file fail the way a full or failing disk does. */
function failingFs(mode: 'short' | 'enospc'): AuditFs & { failing: boolean } {
  const f = {
    failing: true,
    ...fs,
    open: (async (file: string, flags?: string | number, m?: number) => {
      const fh = await fs.open(file, flags, m);
      if (!f.failing || flags !== 'a+' || !String(file).endsWith(AUDIT_FILE)) return fh;
      return new Proxy(fh, {
        get(target, prop, recv) {
          if (prop === 'write') {
            return async (buf: Buffer, off: number, len: number) => {
              if (mode === 'enospc') throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
              // The kernel took only part of it: half a record reaches the disk.
              return target.write(buf, off, Math.floor(len / 2));
            };
          }
          const v = Reflect.get(target, prop, recv) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
    }) as AuditFs['open'],
  };
  return f;
}

describe('the audit log fails closed', () => {
  for (const mode of ['short', 'enospc'] as const) {
    it(`a ${mode === 'short' ? 'short write' : 'full disk (ENOSPC)'} rejects the attempt and the PBX is not called`, async () => {
      ctx = await fakeContext([PBX]);
      const afs = failingFs(mode);
      ctx.audit = new AuditLog({ dir: ctx.configDir, osUser: 'alice', now: () => ctx!.clock.ms, fs: afs });
      const dialer = recordingDialer();
      const svc = createOriginateService(ctx, { dialers: { ucm: dialer.dial } });
      const p = await svc.prepare({ profileId: 'pbx', destination: '020 7946 0000' });
      const e = await svc.confirm(p.token).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'config', message: mode === 'enospc' ? /disk is full/ : /could not be written/ });
      expect(dialer.calls).toHaveLength(0);
      // The disk recovers: the next record starts on its own line, the half record is skipped.
      afs.failing = false;
      const q = await svc.prepare({ profileId: 'pbx', destination: '020 7946 0001' });
      await svc.confirm(q.token);
      expect(dialer.calls).toHaveLength(1);
      const recs = await ctx.audit.list({ action: 'originate' });
      expect(recs.map((r) => `${r.phase}:${r.target}`)).toEqual(['result:+442079460001', 'attempt:+442079460001']);
    });
  }

  it('a torn last line (power loss) never swallows the next record', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cb-audit-torn-'));
    try {
      const log = new AuditLog({ dir, osUser: 'alice' });
      await log.append({ phase: 'event', action: 'link-open', profileId: 'v', target: null, decision: 'n/a', reason: 'first', pbxCode: null, outcome: 'ok' });
      await fs.appendFile(path.join(dir, AUDIT_FILE), '{"time":"2026-12-01T00:00:00.000Z","osUser":"alice","attemptId":"x","pha');
      await log.append({ phase: 'event', action: 'link-open', profileId: 'v', target: null, decision: 'n/a', reason: 'second', pbxCode: null, outcome: 'ok' });
      expect((await log.list()).map((r) => r.reason)).toEqual(['second', 'first']);
      const lines = (await fs.readFile(path.join(dir, AUDIT_FILE), 'utf8')).split('\n');
      expect(lines).toHaveLength(4); // first, fragment, second, ''
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
