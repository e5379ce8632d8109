/**
 * One "CLI run" for the cross-process ledger test: its own AppContext on the shared config folder,
 * a burst of refused prepares, then a few real prepare+confirm calls. The dialer appends one line per
 * PBX call to dialled.log (O_APPEND), which is what the parent counts.
 *   node --import tsx ledger-child.mts CONFIG_DIR INDEX FIXED_NOW_MS REFUSED CALLS
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { createAppContext } from '../../../src-main/services/create-context';
import { createOriginateService } from '../../../src-main/services/originate';
import { MemorySecretStore } from '../../helpers/memory-secrets';

const [dir = '', index = '0', fixed = '0', refusedN = '0', callsN = '0'] = process.argv.slice(2);
const now = Number(fixed);
const ctx = createAppContext({
  configDir: dir,
  appVersion: 'ledger-test',
  osUser: 'alice',
  now: () => now,
  secrets: new MemorySecretStore(),
  platform: { openFile: async () => null, saveFile: async () => null, writeClipboard: async () => undefined, openExternal: async () => undefined, confirm: async () => false },
});
const svc = createOriginateService(ctx, {
  dialers: {
    ucm: async (_c, _p, req) => {
      appendFileSync(path.join(dir, 'dialled.log'), `${index} ${req.destination}\n`);
      return { ok: true, code: 0, message: 'ok' };
    },
  },
});

let placed = 0;
let limited = 0;
for (let i = 0; i < Number(refusedN); i++) await svc.prepare({ profileId: 'pbx', destination: '0906 123 4567' }).catch(() => undefined);
for (let i = 0; i < Number(callsN); i++) {
  // Distinct numbers per run and call, so de-duplication does not hide the rate limit.
  const dest = `0207946${String(Number(index) * 10 + i).padStart(4, '0')}`;
  try {
    const p = await svc.prepare({ profileId: 'pbx', destination: dest });
    await svc.confirm(p.token);
    placed++;
  } catch {
    limited++;
  }
}
process.stdout.write(JSON.stringify({ placed, limited }) + '\n');
