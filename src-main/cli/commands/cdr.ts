import { CallboardError } from '../../core/errors';
import { cdrQueryOrderErrors, cdrQuerySchema, type CdrRecord } from '../../domain/cdr';
import { describeZodError } from '../../profiles/store';
import { cdrSourceFor, recordsToCsv } from '../../services/cdr-search';
import { printJson, textTable } from '../format';
import { cliRange } from '../time';
import { formatDuration, formatTime, plural, timeHeader } from '../../../src-shared/time-format';
import { atMostOne, decimalNumber, readArgs, required, wholeNumber } from '../args';
import type { CliCommand } from '../types';

/** A sensor-database record for scripts: the Call-ID and quality fields first. */
function cliSensorRecord(r: CdrRecord) {
  const q = r.quality;
  return {
    callId: r.callId,
    start: r.start,
    end: r.end,
    caller: r.caller,
    callerName: r.callerName,
    called: r.callee,
    duration: r.durationSec,
    connectDuration: q?.connectDurationSec ?? null,
    disposition: r.disposition,
    lastSipResponse: q?.lastSipResponse ?? null,
    lastSipCode: q?.lastSipCode ?? null,
    mosCaller: q?.mosCaller ?? null,
    mosCalled: q?.mosCalled ?? null,
    jitterCaller: q?.jitterCaller ?? null,
    jitterCalled: q?.jitterCalled ?? null,
    lossCaller: q?.lossCaller ?? null,
    lossCalled: q?.lossCalled ?? null,
    codec: q?.codec ?? null,
    callerIp: q?.callerIp ?? null,
    calledIp: q?.calledIp ?? null,
    sensorId: q?.sensorId ?? null,
    id: r.id,
    profileId: r.profileId,
  };
}

/** The stable JSON shape of one record for scripts. */
export function cliRecord(r: CdrRecord) {
  if (r.source === 'voipmonitor') return cliSensorRecord(r);
  return {
    id: r.id,
    profileId: r.profileId,
    start: r.start,
    answer: r.answer,
    end: r.end,
    durationSec: r.durationSec,
    billsec: r.billsec,
    caller: r.caller,
    callerName: r.callerName,
    callee: r.callee,
    disposition: r.disposition,
    legs: r.legs.map((l) => ({ channel: l.channel, dstchannel: l.dstchannel, src: l.src, dst: l.dst, start: l.start, billsec: l.billsec, disposition: l.disposition })),
    recordFiles: r.recordFiles,
    extra: r.extra,
  };
}

export const cdrCommand: CliCommand = {
  name: 'cdr',
  summary: 'Search call records of a UCM or Wildix profile, or of a VoIPmonitor sensor database',
  usage:
    'callboard cdr PROFILE --from DATE|ISO --to DATE|ISO [--caller X] [--callee|--called Y] [--caller-name N] [--min-duration S] [--max-duration S] [--disposition D] ' +
    '[--call-id ID] [--sip-code N] [--mos-below M] [--loss-above P] [--codec C] [--caller-ip IP] [--called-ip IP] [--sensor N] [--limit N] [--json|--csv]',
  async run(argv, io, ctx) {
    const { values, args: { profile: id } } = readArgs(this.usage, argv, {
      from: { type: 'string' }, to: { type: 'string' }, caller: { type: 'string' }, callee: { type: 'string' }, 'caller-name': { type: 'string' },
      'min-duration': { type: 'string' }, 'max-duration': { type: 'string' }, disposition: { type: 'string' }, limit: { type: 'string' },
      called: { type: 'string' }, 'call-id': { type: 'string' }, 'sip-code': { type: 'string' }, 'mos-below': { type: 'string' }, 'loss-above': { type: 'string' },
      codec: { type: 'string' }, 'caller-ip': { type: 'string' }, 'called-ip': { type: 'string' }, sensor: { type: 'string' },
      json: { type: 'boolean' }, csv: { type: 'boolean' },
    }, { required: ['profile'] });
    const range = required(this.usage, { from: values.from, to: values.to });
    atMostOne(values, 'json', 'csv');
    // Text output follows the display zone chosen in Settings (cli/time.ts reads the range in it).
    const { dz, from, to } = await cliRange(ctx, range.from, range.to, 'the search');
    if (values.callee !== undefined && values.called !== undefined) throw new CallboardError('usage', '--callee and --called are the same filter: give one.');
    const parsed = cdrQuerySchema.safeParse({
      profileId: id,
      from,
      to,
      caller: values.caller,
      callee: values.callee ?? values.called,
      callId: values['call-id'],
      sipCode: values['sip-code'],
      mosBelow: decimalNumber('mos-below', values['mos-below']),
      lossAbove: decimalNumber('loss-above', values['loss-above']),
      codec: values.codec,
      callerIp: values['caller-ip'],
      calledIp: values['called-ip'],
      sensorId: values.sensor,
      callerName: values['caller-name'],
      minDurationSec: wholeNumber('min-duration', values['min-duration']),
      maxDurationSec: wholeNumber('max-duration', values['max-duration']),
      disposition: values.disposition?.toUpperCase(),
      limit: wholeNumber('limit', values.limit),
    });
    if (!parsed.success) throw new CallboardError('usage', `Invalid search: ${describeZodError(parsed.error, 1)}.`);
    // The rules between fields, as the window and the CDR service apply them (src-shared/cdr-query-schema.ts).
    const wrong = Object.entries(cdrQueryOrderErrors(parsed.data))[0];
    if (wrong) throw new CallboardError('usage', `Invalid search: ${wrong[0]}: ${wrong[1].replace(/\.$/, '')}.`);
    const { source } = await cdrSourceFor(ctx, id);
    const records: CdrRecord[] = [];
    const ac = new AbortController();
    const onSigint = () => ac.abort();
    process.once('SIGINT', onSigint);
    let res: { fetched: number; truncated: boolean };
    try {
      res = await source.search(parsed.data, {
        signal: ac.signal,
        onPage: (p) => {
          records.push(...p.records);
          io.stderr(`fetched ${p.fetched}${p.total !== null ? ` of ${p.total}` : ''} rows\n`);
        },
      });
    } finally {
      process.off('SIGINT', onSigint);
    }
    if (values.json) io.stdout(printJson(records.map(cliRecord)));
    else if (values.csv) io.stdout(recordsToCsv(records, dz).replace(/^\uFEFF/, ''));
    else if (records[0]?.source === 'voipmonitor') {
      const pair = (a: number | null | undefined, b: number | null | undefined) => [a, b].map((m) => m ?? '–').join('/');
      io.stdout(textTable([timeHeader('start', dz, 'sensor clock'), 'caller', 'called', 'SIP', 'talk', 'MOS', 'loss %', 'Call-ID'], records.map((r) => [formatTime(r.start, dz), r.caller, r.callee, r.quality?.lastSipCode ?? '', formatDuration(r.billsec), pair(r.quality?.mosCaller, r.quality?.mosCalled), pair(r.quality?.lossCaller, r.quality?.lossCalled), r.callId ?? ''])));
    } else {
      io.stdout(textTable([timeHeader('start', dz, 'PBX clock'), 'caller', 'callee', 'disposition', 'talk', 'legs'], records.map((r) => [formatTime(r.start, dz), r.callerName ? `${r.caller} (${r.callerName})` : r.caller, r.callee, r.disposition, formatDuration(r.billsec), r.legs.length])));
    }
    io.stderr(`${plural(records.length, 'record')}${res.truncated ? ` (stopped at the limit of ${parsed.data.limit}; raise --limit for more)` : ''}\n`);
    return 0;
  },
};
