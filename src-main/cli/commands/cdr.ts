import { parseArgs } from 'node:util';
import { CallboardError } from '../../core/errors';
import { cdrQuerySchema, type CdrRecord } from '../../domain/cdr';
import { cdrSourceFor, recordsToCsv } from '../../services/cdr-search';
import { printJson, textTable } from '../format';
import { getDisplayZone } from '../../services/display-settings';
import { formatDuration, formatTime, inputZone, plural, rangeBound, timeHeader } from '../../../src-shared/time-format';
import type { CliCommand } from '../types';

function int(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,9}$/.test(v)) throw new CallboardError('usage', `--${name} needs a whole number, got "${v.slice(0, 20)}".`);
  return Number(v);
}

/** The stable JSON shape of one record for scripts. */
export function cliRecord(r: CdrRecord) {
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
  summary: 'Search call records of a UCM or Wildix profile',
  usage: 'callboard cdr PROFILE --from DATE|ISO --to DATE|ISO [--caller X] [--callee Y] [--caller-name N] [--min-duration S] [--max-duration S] [--disposition D] [--limit N] [--json|--csv]',
  async run(argv, io, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        from: { type: 'string' }, to: { type: 'string' }, caller: { type: 'string' }, callee: { type: 'string' }, 'caller-name': { type: 'string' },
        'min-duration': { type: 'string' }, 'max-duration': { type: 'string' }, disposition: { type: 'string' }, limit: { type: 'string' },
        json: { type: 'boolean' }, csv: { type: 'boolean' },
      },
    });
    const id = positionals[0];
    if (!id || positionals.length > 1 || !values.from || !values.to) throw new CallboardError('usage', `Usage: ${this.usage}`);
    if (values.json && values.csv) throw new CallboardError('usage', 'Choose one of --json and --csv.');
    // Text output and times without an offset follow the display zone chosen in Settings; a bare date is
    // the whole day ("--from 2024-05-01 --to 2024-05-01" is all of 1 May).
    const dz = await getDisplayZone(ctx.configDir);
    const from = rangeBound(values.from, 'from', inputZone(dz));
    const to = rangeBound(values.to, 'to', inputZone(dz));
    if (!from) throw new CallboardError('usage', `--from "${values.from.slice(0, 40)}" is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM, optionally with an offset).`);
    if (!to) throw new CallboardError('usage', `--to "${values.to.slice(0, 40)}" is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM, optionally with an offset).`);
    if (Date.parse(from) >= Date.parse(to)) throw new CallboardError('usage', `--to must be after --from (the search covers ${formatTime(from, dz)} to ${formatTime(to, dz)}).`);
    const parsed = cdrQuerySchema.safeParse({
      profileId: id,
      from,
      to,
      caller: values.caller,
      callee: values.callee,
      callerName: values['caller-name'],
      minDurationSec: int(values['min-duration'], 'min-duration'),
      maxDurationSec: int(values['max-duration'], 'max-duration'),
      disposition: values.disposition?.toUpperCase(),
      limit: int(values.limit, 'limit'),
    });
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new CallboardError('usage', `Invalid search: ${i ? `${i.path.join('.')}: ${i.message}` : 'invalid'}.`);
    }
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
    else {
      io.stdout(textTable([timeHeader('start', dz, 'PBX clock'), 'caller', 'callee', 'disposition', 'talk', 'legs'], records.map((r) => [formatTime(r.start, dz), r.callerName ? `${r.caller} (${r.callerName})` : r.caller, r.callee, r.disposition, formatDuration(r.billsec), r.legs.length])));
    }
    io.stderr(`${plural(records.length, 'record')}${res.truncated ? ` (stopped at the limit of ${parsed.data.limit}; raise --limit for more)` : ''}\n`);
    return 0;
  },
};
