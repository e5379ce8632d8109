import { CallboardError } from '../../core/errors';
import { buildCallView, type CallViewQuery } from '../../services/call-view';
import { currentSipLadderText } from '../../services/sip-ladder-copy';
import { callDetailOf } from '../../services/live/requests';
import { printJson, textTable } from '../format';
import { cliClock } from '../time';
import { formatDuration, formatTime, timeHeader, zoneLabel } from '../../../src-shared/time-format';
import { readArgs, wholeNumber } from '../args';
import type { CliCommand } from '../types';

export const callCommand: CliCommand = {
  name: 'call',
  summary: 'Everything every backend knows about one call: live record, CDR legs, timeline, SIP VAULT link; --sip adds the live call\'s SIP messages',
  usage: 'callboard call CALL_ID [--json] [--window S] [--sip]\n  callboard call --number N [--at ISO] [--json] [--window S] [--sip]',
  async run(argv, io, ctx) {
    const { values, args } = readArgs(this.usage, argv, { json: { type: 'boolean' }, sip: { type: 'boolean' }, number: { type: 'string' }, at: { type: 'string' }, window: { type: 'string' }, profile: { type: 'string', multiple: true } }, { optional: ['callId'] });
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
      if (!values.sip) {
        io.stdout(printJson(v));
        return 0;
      }
      const sip = await Promise.all(v.live.slice(0, 3).map(async ({ call }) => {
        try {
          return { sensor: call.sensor, key: call.key, ladder: (await callDetailOf(ctx, call.key, call)).sipLadder, error: null };
        } catch (e) {
          return { sensor: call.sensor, key: call.key, ladder: null, error: e instanceof Error ? e.message : String(e) };
        }
      }));
      io.stdout(printJson({ ...v, sip }));
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
    // The sensor's SIP messages of each live call (VoIPmonitor active_call_info), as the drill-down copies them.
    if (values.sip) {
      if (!v.live.length) io.stdout('SIP messages: no live call to ask a sensor about.\n\n');
      for (const { call } of v.live.slice(0, 3)) {
        try {
          io.stdout(`${await currentSipLadderText(ctx, call)}\n`);
        } catch (e) {
          io.stderr(`warning: ${call.sensor}: SIP messages unavailable: ${e instanceof Error ? e.message : String(e)}\n`);
        }
      }
    }
    io.stdout(v.link ? `SIP VAULT: ${v.link.url}\n  valid until ${v.link.validUntil}\n` : `SIP VAULT: ${v.linkProblem ?? 'no link'}\n`);
    for (const p of v.problems) io.stderr(`warning: ${p.profileId}: ${p.message}\n`);
    return 0;
  },
};
