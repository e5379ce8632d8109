/**
 * getSystemStatus / getSystemGeneralStatus (docs/UCM.md §7): the UCM clock's offset (needed to read CDR
 * times) and the firmware version for the connection test.
 */
import { z } from 'zod';
import { CallboardError } from '../../core/errors';
import { parseWith, type UcmSession } from './session';
import { formatOffset, parseUcmOffset } from './time';

const systemStatusSchema = z.object({ 'system-time': z.string().max(100) }).passthrough();
const generalStatusSchema = z
  .object({ 'prog-version': z.string().max(100).optional(), 'product-model': z.string().max(100).optional() })
  .passthrough();

export interface UcmClock {
  systemTime: string;
  offsetMinutes: number;
  /** "+08:00" */
  offset: string;
}

const clocks = new WeakMap<UcmSession, UcmClock>();

export async function getUcmClock(session: UcmSession, signal?: AbortSignal, fresh = false): Promise<UcmClock> {
  const cached = clocks.get(session);
  if (cached && !fresh) return cached;
  const body = await session.call('getSystemStatus', {}, { signal });
  const st = parseWith(systemStatusSchema, body, session.who, 'getSystemStatus');
  const offsetMinutes = parseUcmOffset(st['system-time']);
  if (offsetMinutes === null) {
    throw new CallboardError('protocol', `${session.who} reported its time as "${st['system-time'].slice(0, 40)}" without a UTC offset; Callboard cannot place its CDR times.`);
  }
  const clock = { systemTime: st['system-time'], offsetMinutes, offset: formatOffset(offsetMinutes) };
  clocks.set(session, clock);
  return clock;
}

export async function getUcmFirmware(session: UcmSession, signal?: AbortSignal): Promise<{ firmware: string | null; model: string | null }> {
  try {
    const body = await session.call('getSystemGeneralStatus', {}, { signal });
    const g = parseWith(generalStatusSchema, body, session.who, 'getSystemGeneralStatus');
    return { firmware: g['prog-version'] ?? null, model: g['product-model']?.replace(/\s+/g, ' ').trim() ?? null };
  } catch (e) {
    // Not granted (-47) or unsupported: the firmware is a nicety in the test message, not a failure.
    if (e instanceof CallboardError && (e.details.status === -47 || e.details.status === -19)) return { firmware: null, model: null };
    throw e;
  }
}
