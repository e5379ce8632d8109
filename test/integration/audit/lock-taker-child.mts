/**
 * A second Callboard process that takes the audit log's lock over, as one would a lock it saw as stale
 * (proper-lockfile removes the old lock directory and makes its own), then holds it inside its own
 * transaction until told to go on:
 *   node --import tsx lock-taker-child.mts CONFIG_DIR
 * stdout: "holding" once inside the transaction; then "done" after its record is written and released.
 * stdin: any line lets the transaction finish.
 */
import { rmdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { AuditLog, AUDIT_LOCK } from '../../../src-main/audit/log';

const [dir = ''] = process.argv.slice(2);
const lines = createInterface({ input: process.stdin });
const go = new Promise<void>((resolve) => lines.once('line', () => resolve()));

rmdirSync(path.join(dir, AUDIT_LOCK));
const log = new AuditLog({ dir, osUser: 'bob' });
await log.transact(0, async () => {
  process.stdout.write('holding\n');
  await go;
  return { append: [{ phase: 'event', action: 'alert-ack', profileId: 'v', target: null, decision: 'n/a', reason: 'by the process that took the lock over', pbxCode: null, outcome: 'ok' }], value: null };
});
lines.close();
process.stdout.write('done\n');
