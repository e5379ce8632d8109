/**
 * The audit log's cross-process lock fails closed when it is lost, on real files:
 *  - a real second process takes the lock over (as it would a stale one) while a transaction decides:
 *    the transaction rejects, writes nothing, leaves the other process's lock alone, and the next
 *    transaction takes the lock afresh and sees the other process's record;
 *  - the lock directory is removed under a running transaction: proper-lockfile reports it at its next
 *    refresh, and the transaction rejects without writing;
 *  - a lock not refreshed for longer than half the stale time (a computer waking from sleep) is not
 *    written under, and is released;
 *  - the lock is lost between its checks: a decision rejects, a plain record (nothing decided from
 *    the ledger) is written under a lock taken afresh;
 *  - the lock disappears while an originate attempt is being written: the call is not placed and the
 *    attempt is marked not done, so the ledger does not count it as pending.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, AUDIT_FILE, AUDIT_LOCK, type AuditFs, type AuditInput } from '../../../src-main/audit/log';
import { createOriginateService, type Dialer } from '../../../src-main/services/originate';
import { errorOf } from '../../helpers/error-of';
import { fakeContext, type FakeContext } from '../../helpers/fake-app-context';
import { until } from '../../helpers/until';

const CHILD = path.join(__dirname, 'lock-taker-child.mts');
const PBX = { id: 'pbx', name: 'PBX', kind: 'ucm' as const, baseUrl: 'https://pbx.example.com', user: 'u', operatorExtension: '1000', dialPolicy: { defaultCountry: 'GB', maxPerMinute: 5, dedupSeconds: 10 } };

function event(reason: string): AuditInput {
  return { phase: 'event', action: 'alert-ack', profileId: 'v', target: null, decision: 'n/a', reason, pbxCode: null, outcome: 'ok' };
}
const ATTEMPT: AuditInput = { phase: 'attempt', action: 'originate', profileId: 'pbx', target: '+442079460000', decision: 'allowed', reason: 'national call', pbxCode: null, outcome: 'pending' };

/** A transaction that stays inside its decision until `letGo` is called. */
function heldTransaction(log: AuditLog): { entered: Promise<void>; letGo: () => void; result: Promise<unknown> } {
  let inside: () => void = () => undefined;
  let letGo: () => void = () => undefined;
  const entered = new Promise<void>((r) => (inside = r));
  const gate = new Promise<void>((r) => (letGo = r));
  const result = log.transact(0, async () => {
    inside();
    await gate;
    return { append: [ATTEMPT], value: 'dial' };
  });
  result.catch(() => undefined);
  return { entered, letGo, result };
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}

let dir = '';
let child: ChildProcessWithoutNullStreams | undefined;
let ctx: FakeContext | undefined;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cb-audit-lock-'));
});
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
  await ctx?.cleanup();
  ctx = undefined;
  await fs.rm(dir, { recursive: true, force: true });
});

describe('a lost audit lock fails closed', () => {
  it('another process takes the lock over mid-transaction: it rejects, writes nothing, leaves that lock alone; the next one locks afresh', { timeout: 60_000 }, async () => {
    const log = new AuditLog({ dir, osUser: 'alice' });
    await log.append(event('before'));
    const tx = heldTransaction(log);
    await tx.entered;

    child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child?.on('close', resolve));
    await until(() => out.includes('holding') || child?.exitCode !== null, 30_000, 'the second process to take the lock');
    expect(out, err).toContain('holding');

    // Past proper-lockfile's next refresh (2 s), which finds the other process's lock in place of ours
    // and reports it compromised; the message still names the takeover.
    await new Promise((r) => setTimeout(r, 3_000));
    tx.letGo();
    const e = await errorOf(tx.result);
    expect(e.code).toBe('config');
    expect(e.message).toBe(`The audit log in ${dir} lost its lock against other Callboard processes (another process took its lock over), so nothing was recorded and nothing was done. Try again; if it keeps happening, check that nothing else removes or changes files in that folder.`);
    // The other process still holds its own lock: this one did not "release" it from under it.
    expect(await exists(path.join(dir, AUDIT_LOCK))).toBe(true);
    expect(await fs.readFile(path.join(dir, AUDIT_FILE), 'utf8')).not.toContain('"phase":"attempt"');

    child.stdin.write('go\n');
    expect(await exited, err).toBe(0);
    expect(out).toContain('done');

    const next = await log.transact(0, (recent) => ({ append: [event('after')], value: recent.map((r) => r.reason) }));
    expect(next.value).toEqual(['by the process that took the lock over', 'before']);
    expect((await log.list()).map((r) => `${r.osUser}:${r.phase}:${r.reason}`)).toEqual(['alice:event:after', 'bob:event:by the process that took the lock over', 'alice:event:before']);
    expect(await exists(path.join(dir, AUDIT_LOCK))).toBe(false);
  });

  it('the lock directory is removed under a running transaction: proper-lockfile reports it, and nothing is written', { timeout: 30_000 }, async () => {
    const log = new AuditLog({ dir, osUser: 'alice' });
    const tx = heldTransaction(log);
    await tx.entered;
    const lockDir = path.join(dir, AUDIT_LOCK);
    await fs.rmdir(lockDir);
    // proper-lockfile refreshes the lock every 2 s and then finds it gone. Someone else's directory of
    // the same name made afterwards must not pass for the lost lock (same path, and on ext4 even the
    // same inode number), which is why the message names the removal.
    await new Promise((r) => setTimeout(r, 4_000));
    await fs.mkdir(lockDir);
    tx.letGo();
    const e = await errorOf(tx.result);
    expect(e.message).toMatch(/^The audit log in .* lost its lock against other Callboard processes \(its lock was removed\), so nothing was recorded and nothing was done\./);
    expect(await exists(path.join(dir, AUDIT_FILE))).toBe(false);
    // Not released: the directory is not this process's lock.
    expect(await exists(lockDir)).toBe(true);
    await fs.rmdir(lockDir);
    await log.append(event('after'));
    expect((await log.list()).map((r) => r.reason)).toEqual(['after']);
    expect(await exists(lockDir)).toBe(false);
  });

  it('a lock that looks stale to other processes (not refreshed for 8 s) is not written under, but is released, being still ours', async () => {
    const log = new AuditLog({ dir, osUser: 'alice' });
    const tx = heldTransaction(log);
    await tx.entered;
    const lockDir = path.join(dir, AUDIT_LOCK);
    // What a computer waking from sleep finds: its lock's mtime 8 s old, 2 s short of stale.
    const old = new Date(Date.now() - 8_000);
    await fs.utimes(lockDir, old, old);
    tx.letGo();
    const e = await errorOf(tx.result);
    expect(e.message).toMatch(/\(its lock was not refreshed in time, the computer may have been asleep or very busy\), so nothing was recorded and nothing was done\./);
    expect(await exists(path.join(dir, AUDIT_FILE))).toBe(false);
    // Released at once: others need not wait for it to go stale.
    expect(await exists(lockDir)).toBe(false);
    await log.append(event('after'));
    expect((await log.list()).map((r) => r.reason)).toEqual(['after']);
  });

  it('a lock proper-lockfile called compromised (its refresh found another mtime) but still ours is removed when the step ends', { timeout: 20_000 }, async () => {
    const log = new AuditLog({ dir, osUser: 'alice' });
    const tx = heldTransaction(log);
    await tx.entered;
    const lockDir = path.join(dir, AUDIT_LOCK);
    // Another mtime, not old enough to look stale: proper-lockfile's next refresh (every 2 s) sees it is not its own.
    const other = new Date(Date.now() - 1_000);
    await fs.utimes(lockDir, other, other);
    await new Promise((r) => setTimeout(r, 2_600));
    tx.letGo();
    await errorOf(tx.result);
    expect(await exists(path.join(dir, AUDIT_FILE))).toBe(false);
    expect(await exists(lockDir)).toBe(false);
  });

  it('lost between its checks: a decision rejects; a plain record is written under a lock taken afresh, never without one', async () => {
    const lockDir = path.join(dir, AUDIT_LOCK);
    let removals = 0;
    const lockedAtWrite: boolean[] = [];
    // Real files; the size check before a rotation (between the two lock checks) first removes the
    // lock once, as another process would; each append notes whether a lock directory exists then.
    const afs: AuditFs = {
      ...fs,
      stat: (async (p: string) => {
        if (removals > 0 && String(p).endsWith(AUDIT_FILE)) {
          removals--;
          await fs.rmdir(lockDir);
        }
        return fs.stat(p);
      }) as AuditFs['stat'],
      open: (async (file: string, flags?: string | number, mode?: number) => {
        if (flags === 'a+') lockedAtWrite.push(await exists(lockDir));
        return fs.open(file, flags, mode);
      }) as AuditFs['open'],
    };
    const log = new AuditLog({ dir, osUser: 'alice', fs: afs });
    await log.append(event('first'));

    removals = 1;
    const e = await errorOf(log.transact(0, () => ({ append: [ATTEMPT], value: 'dial' })));
    expect(e.message).toMatch(/\(its lock was removed\), so nothing was recorded and nothing was done\./);

    removals = 1;
    await log.append({ ...ATTEMPT, phase: 'result', outcome: 'ok' });
    expect(removals).toBe(0);
    expect((await log.list()).map((r) => `${r.phase}:${r.reason}`)).toEqual(['result:national call', 'event:first']);
    expect(lockedAtWrite).toEqual([true, true]);
    expect(await exists(lockDir)).toBe(false);
  });

  it('the lock disappears while a call attempt is being written: the call is not placed and the attempt is marked not done', async () => {
    ctx = await fakeContext([PBX]);
    const lockDir = path.join(ctx.configDir, AUDIT_LOCK);
    let removeOnSync = true;
    // Real files; only the fsync of the audit file first removes the lock, as another process would.
    const afs: AuditFs = {
      ...fs,
      open: (async (file: string, flags?: string | number, mode?: number) => {
        const fh = await fs.open(file, flags, mode);
        if (flags !== 'a+' || !String(file).endsWith(AUDIT_FILE)) return fh;
        const sync = fh.sync.bind(fh);
        fh.sync = async () => {
          if (removeOnSync) await fs.rmdir(lockDir);
          return sync();
        };
        return fh;
      }) as AuditFs['open'],
    };
    ctx.audit = new AuditLog({ dir: ctx.configDir, osUser: 'alice', now: () => ctx!.clock.ms, fs: afs });
    const calls: string[] = [];
    const dial: Dialer = async (_c, _p, req) => {
      calls.push(req.destination);
      return { ok: true, code: 0, message: 'ok' };
    };
    const svc = createOriginateService(ctx, { dialers: { ucm: dial } });
    const p = await svc.prepare({ profileId: 'pbx', destination: '020 7946 0000' });
    const e = await errorOf(svc.confirm(p.token));
    expect(e.message).toMatch(/lost its lock against other Callboard processes while this action was being recorded \(its lock was removed\), so it was not done; the log marks it as not done\./);
    expect(calls).toEqual([]);
    const recs = await ctx.audit.list({ action: 'originate' });
    expect(recs.map((r) => `${r.phase}:${r.target}:${r.outcome}`)).toEqual(['result:+442079460000:failed', 'attempt:+442079460000:pending']);
    expect(recs[0]?.attemptId).toBe(recs[1]?.attemptId);
    expect(recs[0]?.reason).toMatch(/^Not done: the audit log lost its lock/);

    removeOnSync = false;
    ctx.clock.ms += 11_000; // past the de-dup window of the first attempt
    const q = await svc.prepare({ profileId: 'pbx', destination: '020 7946 0000' });
    await svc.confirm(q.token);
    expect(calls).toEqual(['+442079460000']);
    expect(await exists(lockDir)).toBe(false);
  });

  it('a folder that cannot be made says what that means: for a decision nothing was done, for a result its record is missing', async () => {
    const afs: AuditFs = { ...fs, mkdir: async () => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })) };
    const log = new AuditLog({ dir: path.join(dir, 'sub'), osUser: 'alice', fs: afs });
    const decided = await errorOf(log.transact(0, () => ({ append: [ATTEMPT], value: 'dial' })));
    expect(decided.message).toMatch(/could not be written \(error EACCES\), so nothing was done\./);
    const result = await errorOf(log.append({ ...ATTEMPT, phase: 'result', outcome: 'ok' }));
    expect(result.message).toMatch(/could not be written \(error EACCES\), so the record of what was just done is missing\./);
  });
});
