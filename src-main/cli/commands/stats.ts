import { stringify } from 'csv-stringify/sync';
import { cdrQuerySchema, type CdrRecord } from '../../domain/cdr';
import type { CdrSummary } from '../../domain/kpi';
import { cdrSourceFor } from '../../services/cdr-search';
import { summarizeCdrs, type StatsBy } from '../../services/kpi/cdr-summary';
import { DestinationClassifier, trunkResolver } from '../../services/kpi/groups';
import { watchStoreFor } from '../../profiles/watch-store';
import { cliRange } from '../time';
import { formatTime, zoneLabel } from '../../../src-shared/time-format';
import { printJson, textTable } from '../format';
import { atMostOne, oneOf, readArgs, required, wholeNumber } from '../args';
import type { CliCommand } from '../types';

/** The stable JSON shape (docs/KPIS.md): ASR/NER in percent, ACD in seconds, plus every figure with its sample. */
export function statsJson(s: CdrSummary) {
  return {
    calls: s.calls,
    answered: s.answered,
    asr: s.asr,
    ner: s.ner,
    acd: s.acd,
    by: s.by,
    buckets: s.buckets.map((b) => ({ start: b.start, ...(s.by === 'hour' ? {} : { label: b.label }), calls: b.calls, answered: b.answered, asr: b.asr, acd: b.acd })),
    kpis: s.kpis,
  };
}

const BY: readonly StatsBy[] = ['hour', 'trunk', 'destination'];
const pctText = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)} %`);
const secText = (v: number | null) => (v === null ? '–' : `${Math.round(v)} s`);

export const statsCommand: CliCommand = {
  name: 'stats',
  summary: 'Call statistics (ASR, NER, ACD) of a PBX or CDR source over a period, per hour, trunk or destination',
  usage: 'callboard stats PROFILE --from ISO --to ISO [--by hour|trunk|destination] [--min-sample N] [--json|--csv]',
  async run(argv, io, ctx) {
    const { values, args: { profile: id } } = readArgs(this.usage, argv, { from: { type: 'string' }, to: { type: 'string' }, by: { type: 'string' }, 'min-sample': { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'boolean' } }, { required: ['profile'] });
    const range = required(this.usage, { from: values.from, to: values.to });
    atMostOne(values, 'json', 'csv');
    const by: StatsBy = oneOf('by', values.by, BY) ?? 'hour';
    const minSample = wholeNumber('min-sample', values['min-sample'], 6);
    const { dz, from, to } = await cliRange(ctx, range.from, range.to, 'the period');
    const query = cdrQuerySchema.parse({ profileId: id, from, to, limit: 1_000_000 });
    const { source } = await cdrSourceFor(ctx, id);
    const records: CdrRecord[] = [];
    const ac = new AbortController();
    const onSigint = () => ac.abort();
    process.once('SIGINT', onSigint);
    let truncated = false;
    try {
      truncated = (await source.search(query, { signal: ac.signal, onPage: (p) => records.push(...p.records) })).truncated;
    } finally {
      process.off('SIGINT', onSigint);
    }
    const settings = await watchStoreFor(ctx.configDir).load();
    const trunks = settings.profiles.find((p) => p.profileId === id)?.trunks ?? [];
    const summary = summarizeCdrs(records, {
      by,
      minSample: minSample !== undefined ? Math.max(1, minSample) : settings.minSample,
      trunks: trunkResolver(trunks),
      destinations: new DestinationClassifier(settings.homeCountry),
      fromMs: Date.parse(from),
      toMs: Date.parse(to),
    });
    if (values.json) io.stdout(printJson(statsJson(summary)));
    else if (values.csv) {
      io.stdout(stringify(summary.buckets.map((b) => [b.start, b.label, b.calls, b.answered, b.asr, b.acd]), { header: true, columns: ['start', by === 'hour' ? 'hour' : by, 'calls', 'answered', 'asr', 'acd'] }));
    } else {
      const k = summary.kpis;
      const small = (f: { enough: boolean; n: number }) => (f.enough ? '' : ` (n = ${f.n}, below the minimum sample)`);
      io.stdout(`${summary.calls} calls, ${summary.answered} answered · ASR ${pctText(summary.asr)}${small(k.asr)} · NER ${pctText(summary.ner)}${small(k.ner)} · ACD ${secText(summary.acd)}${small(k.acd)}\n\n`);
      io.stdout(textTable([by === 'hour' ? `hour (${zoneLabel(dz)})` : by, 'calls', 'answered', 'ASR', 'ACD'], summary.buckets.map((b) => [by === 'hour' ? formatTime(b.start, dz) : b.label, b.calls, b.answered, pctText(b.asr), secText(b.acd)])));
    }
    if (truncated) io.stderr('Stopped at 1,000,000 records: the figures cover only those; use a shorter period.\n');
    return 0;
  },
};
