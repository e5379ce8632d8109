import { readFile } from 'node:fs/promises';
import type { Dialer, DialReply, DialRequest } from '../../src-main/services/originate';
import type { AuditRecord } from '../../src-main/audit/log';

export interface RecordingDialer {
  dial: Dialer;
  calls: Array<DialRequest & { profileId: string; auditOnDisk: AuditRecord[] }>;
  /** What the next dial does. */
  behaviour: 'ok' | 'fail' | 'throw' | 'hang';
}

/** A Dialer that records each PBX call, and the audit file as it was on disk at that moment. */
export function recordingDialer(auditFile: string): RecordingDialer {
  const rd: RecordingDialer = {
    calls: [],
    behaviour: 'ok',
    dial: async (_ctx, profile, req): Promise<DialReply> => {
      let text = '';
      try {
        text = await readFile(auditFile, 'utf8');
      } catch {
        text = '';
      }
      const auditOnDisk = text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as AuditRecord);
      rd.calls.push({ ...req, profileId: profile.id, auditOnDisk });
      switch (rd.behaviour) {
        case 'ok':
          return { ok: true, code: 0, message: 'Dialling' };
        case 'fail':
          return { ok: false, code: -25, message: 'The PBX refused the call (status -25).' };
        case 'throw':
          throw new Error('socket hang up');
        case 'hang':
          return new Promise<DialReply>(() => undefined);
      }
    },
  };
  return rd;
}
