import { CallboardError } from '../../core/errors';
import { buildCallView, type CallViewQuery } from '../../services/call-view';
import { printJson, textTable } from '../format';
import { cliClock } from '../time';
import { formatDuration, formatTime, timeHeader, zoneLabel } from '../../../src-shared/time-format';
import { readArgs, wholeNumber } from '../args';
import type { CliCommand } from '../types';

export const callCommand: CliCommand = {
  name: 'call',
  summary: 'Everything every backend knows about one call: live record, CDR legs, timeline, SIP VAULT link',
  usage: 'callboard call CALL_ID [--json] [--window S]\n  callboard call --number N [--at ISO] [--json] [--window S]',
  async run(argv, io, ctx) {
    const { values, args } = readArgs(this.usage, argv, { json: { type: 'boolean' }, number: { type: 'string' }, at: { type: 'string' }, window: { type: 'string' }, profile: { type: 'string', multiple: true } }, { optional: ['callId'] });
    const q: CallViewQuery = {};
    if (args.callId) q.callId = args.callId;
    if (values.number) q.number = values.number;
    if (values.at) q.at = values.at;
    const windowSec = wholeNumber('window', values.window, 6);
    if (windowSec !== undefined) q.windowSec = windowSec;
    if (values.profile) q.profileIds = values.profile;
    if (!q.callId && !q.number) throw new CallboardError('usage', `Usage: ${this.usage}`);
    const v = await buildCallView(ctx, q);
    if (values.json) {
      io.stdout(printJson(v));
      return 0;
    }
    const { dz } = await cliClock(ctx);
    const t = (iso: string | null) => formatTime(iso, dz);
    io.stdout(`Call-ID: ${v.callId ?? '(unknown)'}\nSearched ${v.searched.profiles.join(', ') || 'no profiles'} from ${t(v.searched.from)} to ${t(v.searched.to)} (times: ${zoneLabel(dz, 'PBX clock')})\n\n`);
    if (v.live.length) {
      io.stdout('Live now:\n');
      io.stdout(textTable(['SENSOR', 'CALLER', 'CALLED', timeHeader('START', dz, 'PBX clock'), 'SIP', 'MOS', 'MATCH'], v.live.map(({ call: c, match }) => [c.sensor, c.caller, c.called, t(c.start), c.lastSipResponse, c.mosCaller === null ? '' : `${c.mosCaller}/${c.mosCalled ?? '-'}`, match])));
      io.stdout('\n');
    }
    if (v.records.length) {
      io.stdout('Call records:\n');
      io.stdout(textTable(['PBX', 'ID', timeHeader('START', dz, 'PBX clock'), 'CALLER', 'CALLEE', 'DISPOSITION', 'TALK', 'LEGS', 'MATCH'], v.records.map(({ record: r, match }) => [r.profileId, r.id, t(r.start), r.caller, r.callee, r.disposition, formatDuration(r.billsec), r.legs.length, match])));
      io.stdout('\n');
    }
    if (!v.live.length && !v.records.length) io.stdout('No backend knows this call.\n\n');
    if (v.timeline.length) {
      io.stdout('Timeline:\n');
      io.stdout(textTable([timeHeader('TIME', dz, 'PBX clock'), 'SOURCE', 'EVENT', 'DETAIL', 'MATCH'], v.timeline.map((e) => [t(e.time), `${e.source}:${e.profileId}`, e.kind, e.label, e.match])));
      io.stdout('\n');
    }
    io.stdout(v.link ? `SIP VAULT: ${v.link.url}\n  valid until ${v.link.validUntil}\n` : `SIP VAULT: ${v.linkProblem ?? 'no link'}\n`);
    for (const p of v.problems) io.stderr(`warning: ${p.profileId}: ${p.message}\n`);
    return 0;
  },
};
