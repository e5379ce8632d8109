/**
 * An operator action between its audit records (src-main/audit/action.ts), on a real audit file: the
 * attempt is on disk before the action, a failure is recorded and thrown, and a done action whose
 * result cannot be written stays done (no second, failed, result; the caller gets its value).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src-main/audit/log';
import { auditedAction, hangupFailure } from '../../../src-main/audit/action';
import { CallboardError } from '../../../src-main/core/errors';

let dir = '';
let log: AuditLog;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cb-audited-'));
  log = new AuditLog({ dir, osUser: 'alice' });
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const HANGUP = { action: 'hangup' as const, profileId: 'pbx', target: 'PJSIP/1000-0001' };
const phases = async () => (await log.list()).reverse().map((r) => `${r.phase}:${r.outcome}:${r.target}:${r.pbxCode}`);

describe('auditedAction', () => {
  it('records the attempt before acting and the result after', async () => {
    let seenBefore: string[] = [];
    const v = await auditedAction(log, HANGUP, async () => {
      seenBefore = await phases();
      return { status: 0 };
    }, () => ({ pbxCode: 0 }), hangupFailure);
    expect(v).toEqual({ status: 0 });
    expect(seenBefore).toEqual(['attempt:pending:PJSIP/1000-0001:null']);
    expect(await phases()).toEqual(['attempt:pending:PJSIP/1000-0001:null', 'result:ok:PJSIP/1000-0001:0']);
    const [result, attempt] = await log.list();
    expect(result?.attemptId).toBe(attempt?.attemptId);
  });

  it('a failed action gets a failed result and its own error', async () => {
    const err = new CallboardError('not_found', 'No such channel.', { status: -25 });
    await expect(auditedAction(log, HANGUP, () => Promise.reject(err), () => ({}), hangupFailure)).rejects.toBe(err);
    expect(await phases()).toEqual(['attempt:pending:PJSIP/1000-0001:null', 'result:failed:PJSIP/1000-0001:-25']);
    expect((await log.list())[0]?.reason).toBe('not_found');
  });

  it('a done action stays done when its result cannot be written: its value, no failed result', async () => {
    const v = await auditedAction(log, { action: 'manager-file', profileId: 's', target: 'stop /tmp/vm' }, async () => {
      // Unwritable for real after the action: a directory where the audit file was.
      await fs.rm(log.file, { force: true });
      await fs.mkdir(log.file);
      return 'manager socket closed';
    }, (msg) => ({ target: 'stop', reason: msg }), () => ({ target: 'stop' }));
    expect(v).toBe('manager socket closed');
    expect((await fs.stat(log.file)).isDirectory()).toBe(true);
  });
});
