/**
 * The CDR search's summary strip: figures of the rows the table shows (main computes them over the
 * search's result set with the same quick filter as the table, the counter and the export) and calls per hour.
 */
import { useEffect, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import type { CdrSummary } from '../../../src-main/domain/kpi';
import { bridge, unwrap, messageOf } from '../api';
import { Chart, histogramOptions, hourBarsOptions } from './charts/Chart';
import { figText, HIST_X } from './KpiStrip';
import { formatCount, plural } from '../../../src-shared/time-format';

const BARS = hourBarsOptions('#3b82f6');
const HIST = histogramOptions('#16a34a');

export function CdrSummaryStrip({ jobId, ready, quick }: { jobId: string | null; ready: boolean; quick: string }) {
  const [s, setS] = useState<CdrSummary | null>(null);
  /** The quick filter the figures on screen were computed with (the prop may be newer while main computes). */
  const [of, setOf] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!jobId || !ready) {
      setS(null);
      return;
    }
    let live = true;
    const q = quick.trim().slice(0, 200);
    unwrap(bridge().kpi.cdrSummary({ jobId, by: 'hour', ...(q ? { quick: q } : {}) }))
      .then((r) => {
        if (live) {
          setS(r);
          setOf(q);
          setError(null);
        }
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [jobId, ready, quick]);
  const bars = useMemo<uPlot.AlignedData>(() => [s ? s.buckets.map((b) => Date.parse(b.start) / 1000) : [], s ? s.buckets.map((b) => b.calls) : []], [s]);
  const hist = useMemo<uPlot.AlignedData>(() => [HIST_X, s ? s.kpis.mosHistogram : []], [s]);
  if (error) return <div className="cdr-summary muted">Summary unavailable: {error}</div>;
  if (!s) return null;
  const k = s.kpis;
  const fig = (label: string, f: typeof k.asr, fmt: (v: number) => string, id: string) => {
    const t = figText(f, fmt);
    return (
      <div className={`kpi${t.small ? ' small-n' : ''}`} title={t.title} data-testid={id}>
        <span className="kpi-label">{label}</span>
        <span className="kpi-value">{t.text}</span>
        <span className="kpi-n">{f.value === null ? '' : t.small ? `n = ${f.n} (too small)` : `n = ${f.n}`}</span>
      </div>
    );
  };
  const withMos = k.mosHistogram.some((n) => n > 0);
  const filtered = of !== '';
  return (
    <div className="cdr-summary" data-testid="cdr-summary" data-quick={of} aria-label="Summary of the records shown">
      <span className="kpi-label cdr-summary-scope" data-testid="cdr-summary-scope">
        {filtered ? `Summary of the ${plural(s.calls, 'record')} matching the filter` : `Summary of all ${plural(s.calls, 'record')}`}
      </span>
      <div className="kpi" data-testid="cdr-summary-attempts">
        <span className="kpi-label">Attempts</span>
        <span className="kpi-value">{formatCount(s.calls)}</span>
      </div>
      <div className="kpi" data-testid="cdr-summary-answered">
        <span className="kpi-label">Answered</span>
        <span className="kpi-value">{formatCount(s.answered)}</span>
      </div>
      {fig('ASR', k.asr, (v) => `${v.toFixed(1)} %`, 'cdr-summary-asr')}
      {fig('NER', k.ner, (v) => `${v.toFixed(1)} %`, 'cdr-summary-ner')}
      {fig('ACD', k.acd, (v) => `${Math.round(v)} s`, 'cdr-summary-acd')}
      <Chart options={BARS} data={bars} height={60} label="Calls per hour of the result set" testId="cdr-summary-hours" />
      {withMos && <Chart options={HIST} data={hist} height={36} label="MOS histogram of the result set" testId="cdr-summary-mos" />}
    </div>
  );
}
