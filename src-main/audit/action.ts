/**
 * An operator action between its two audit records (docs/SECURITY.md, audit log): the attempt, on disk
 * before anything is done, then the result.
 *
 * An action that failed gets a failed result, and its error is thrown. An action that was done stays
 * done when its result cannot be written: the write error is logged and the action's value returned.
 * Treating that write error as the action's own failure would record a second, failed, result for an
 * action that happened and tell the operator it failed, inviting them to do it again. Originate keeps
 * its own version of this (services/originate.ts): its attempt is a decision under the ledger's lock,
 * and it tells the operator that the result is missing.
 */
import type { AuditAction, AuditRecord } from '../domain/audit';
import { CallboardError } from '../core/errors';
import { logger } from '../core/log';
import type { AuditLog } from './log';

const log = logger('audit');

/** What the two records share. */
export interface ActionRecord {
  action: AuditAction;
  profileId: string;
  target: string | null;
}

/** What a result says beyond the outcome; `target` replaces the attempt's. */
export type ResultFields = Partial<Pick<AuditRecord, 'reason' | 'pbxCode' | 'target'>>;

/** A hang-up's failed result: the PBX's status and the error's kind. */
export function hangupFailure(e: unknown): ResultFields {
  return { reason: e instanceof CallboardError ? e.code : 'internal', pbxCode: e instanceof CallboardError && e.details.status !== undefined ? e.details.status : null };
}

export async function auditedAction<T>(
  audit: AuditLog,
  rec: ActionRecord,
  act: () => Promise<T>,
  done: (value: T) => ResultFields,
  failed: (e: unknown) => ResultFields,
): Promise<T> {
  const base = { ...rec, decision: 'allowed' as const, reason: null, pbxCode: null };
  const attempt = await audit.append({ ...base, phase: 'attempt', outcome: 'pending' });
  const result = { ...base, attemptId: attempt.attemptId, phase: 'result' as const };
  let value: T;
  try {
    value = await act();
  } catch (e) {
    await audit.append({ ...result, ...failed(e), outcome: 'failed' });
    throw e;
  }
  await audit.append({ ...result, ...done(value), outcome: 'ok' }).catch((e: unknown) => log.error(`could not write the result of a ${rec.action} that was done (its attempt is recorded):`, e));
  return value;
}
