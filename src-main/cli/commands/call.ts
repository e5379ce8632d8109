import { parseArgs } from 'node:util';
import { CallboardError } from '../../core/errors';
import { buildCallView, type CallViewQuery } from '../../services/call-view';
import { printJson, textTable } from '../format';
import type { CliCommand } from '../types';

export const callCommand: CliCommand = {
  name: 'call',
  summary: 'Everything every backend knows about one call: live record, CDR legs, timeline, SIP VAULT link',
  usage: 'callboard call CALL_ID [--json] [--window S]\n  callboard call --number N [--at ISO] [--json] [--window S]',
  async run(argv, io, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, number: { type: 'string' }, at: { type: 'string' }, window: { type: 'string' }, profile: { type: 'string', multiple: true } },
    });
    const q: CallViewQuery = {};
    if (positionals[0]) q.callId = positionals[0];
    if (values.number) q.number = values.number;
    if (values.at) q.at = values.at;
    if (values.window) q.windowSec = Number(values.window);
    if (values.profile) q.profileIds = values.profile;
    if (!q.callId && !q.number) throw new CallboardError('usage', `Usage: ${this.usage}`);
    const v = await buildCallView(ctx, q);
    if (values.json) {
      io.stdout(printJson(v));
      return 0;
    }
    io.stdout(`Call-ID: ${v.callId ?? '(unknown)'}\nSearched ${v.searched.profiles.join(', ') || 'no profiles'} from ${v.searched.from} to ${v.searched.to}\n\n`);
    if (v.live.length) {
      io.stdout('Live now:\n');
      io.stdout(textTable(['SENSOR', 'CALLER', 'CALLED', 'START', 'SIP', 'MOS', 'MATCH'], v.live.map(({ call: c, match }) => [c.sensor, c.caller, c.called, c.start, c.lastSipResponse, c.mosCaller === null ? '' : `${c.mosCaller}/${c.mosCalled ?? '-'}`, match])));
      io.stdout('\n');
    }
    if (v.records.length) {
      io.stdout('Call records:\n');
      io.stdout(textTable(['PBX', 'ID', 'START', 'CALLER', 'CALLEE', 'DISPOSITION', 'TALK', 'LEGS', 'MATCH'], v.records.map(({ record: r, match }) => [r.profileId, r.id, r.start, r.caller, r.callee, r.disposition, r.billsec, r.legs.length, match])));
      io.stdout('\n');
    }
    if (!v.live.length && !v.records.length) io.stdout('No backend knows this call.\n\n');
    if (v.timeline.length) {
      io.stdout('Timeline:\n');
      io.stdout(textTable(['TIME', 'SOURCE', 'EVENT', 'DETAIL', 'MATCH'], v.timeline.map((t) => [t.time, `${t.source}:${t.profileId}`, t.kind, t.label, t.match])));
      io.stdout('\n');
    }
    io.stdout(v.link ? `SIP VAULT: ${v.link.url}\n  valid until ${v.link.validUntil}\n` : `SIP VAULT: ${v.linkProblem ?? 'no link'}\n`);
    for (const p of v.problems) io.stderr(`warning: ${p.profileId}: ${p.message}\n`);
    return 0;
  },
};
