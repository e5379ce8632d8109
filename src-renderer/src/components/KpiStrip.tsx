/**
 * The live KPI strip (docs/KPIS.md): per source concurrent calls with the last hour's sparkline,
 * CAPS, ASR/NER/ACD over the sliding window, MOS of the live set with its histogram, loss/jitter p95,
 * one-way RTP, and a per-trunk board. A figure below its minimum sample says so instead of a number.
 */
import { useEffect, useMemo } from 'react';
import type uPlot from 'uplot';
import type { Figure, LiveGroupKpis, LiveSourceKpis } from '../../../src-main/domain/kpi';
import { startKpiFeed, useKpi } from '../stores/kpi';
import { Chart, histogramOptions, sparkOptions } from './charts/Chart';

export function figText(f: Figure, fmt: (v: number) => string): { text: string; small: boolean; title: string } {
  if (f.value === null) return { text: '–', small: false, title: 'no sample yet' };
  if (!f.enough) return { text: `${fmt(f.value)}`, small: true, title: `n = ${f.n}: below the minimum sample, not compared with alert thresholds` };
  return { text: fmt(f.value), small: false, title: `n = ${f.n}` };
}

const pct = (v: number) => `${v.toFixed(1)} %`;
const sec = (v: number) => (v >= 60 ? `${Math.floor(v / 60)}m${String(Math.round(v % 60)).padStart(2, '0')}s` : `${Math.round(v)} s`);
const mos = (v: number) => v.toFixed(2);
const ms = (v: number) => `${v.toFixed(1)} ms`;

function Fig({ label, f, fmt, id }: { label: string; f: Figure; fmt: (v: number) => string; id: string }) {
  const t = figText(f, fmt);
  return (
    <div className={`kpi${t.small ? ' small-n' : ''}`} title={t.title} data-testid={id} data-n={f.n} data-enough={f.enough}>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">{t.text}</span>
      <span className="kpi-n">{f.value === null ? '' : t.small ? `n = ${f.n} (too small)` : `n = ${f.n}`}</span>
    </div>
  );
}

const SPARK = sparkOptions('#3b82f6');
const HIST = histogramOptions('#16a34a');
/** Centres of main's MOS bins (domain/kpi.ts MOS_BINS: 0.5 wide from 1.0 to 4.5). */
export const HIST_X = [1.25, 1.75, 2.25, 2.75, 3.25, 3.75, 4.25];

function TrunkBoard({ trunks, sensor }: { trunks: LiveGroupKpis[]; sensor: string }) {
  if (!trunks.length) return null;
  return (
    <table className="trunk-board" data-testid={`kpi-${sensor}-trunks`}>
      <thead>
        <tr>
          <th>Trunk</th>
          <th>Calls</th>
          <th>ASR</th>
          <th>NER</th>
          <th>ACD</th>
          <th>MOS</th>
          <th>Loss p95</th>
        </tr>
      </thead>
      <tbody>
        {trunks.map((g) => {
          const cell = (f: Figure, fmt: (v: number) => string) => {
            const t = figText(f, fmt);
            return (
              <td className={t.small ? 'small-n' : ''} title={t.title}>
                {t.text}
              </td>
            );
          };
          return (
            <tr key={g.key} data-testid="trunk-row" data-trunk={g.key}>
              <td>{g.label}</td>
              <td data-testid="trunk-concurrent">{g.live.concurrent}</td>
              {cell(g.window.asr, pct)}
              {cell(g.window.ner, pct)}
              {cell(g.window.acd, sec)}
              {cell(g.live.mos, mos)}
              {cell(g.live.loss.p95, pct)}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function SourceStrip({ k }: { k: LiveSourceKpis }) {
  const spark = useMemo<uPlot.AlignedData>(() => [k.concurrentSeries.map((p) => p[0] / 1000), k.concurrentSeries.map((p) => p[1])], [k.concurrentSeries]);
  const hist = useMemo<uPlot.AlignedData>(() => [HIST_X, k.live.mosHistogram], [k.live.mosHistogram]);
  const s = k.sensor;
  const w = k.window;
  return (
    <section className="kpi-source" aria-label={`KPIs of ${s}`} data-testid={`kpi-${s}`}>
      <div className="kpi-row">
        <strong className="kpi-name">{s}</strong>
        <div className="kpi" data-testid={`kpi-${s}-concurrent`} title="Calls listed now, failed ones excluded">
          <span className="kpi-label">Concurrent</span>
          <span className="kpi-value">{k.live.concurrent}</span>
        </div>
        <Chart options={SPARK} data={spark} height={36} label={`Concurrent calls of ${s}, last hour`} testId={`kpi-${s}-spark`} />
        <Fig label="CAPS" f={k.live.caps} fmt={(v) => `${v.toFixed(2)}/s`} id={`kpi-${s}-caps`} />
        <Fig label={`ASR ${Math.round(k.windowSec / 60)} min`} f={w.asr} fmt={pct} id={`kpi-${s}-asr`} />
        <Fig label="NER" f={w.ner} fmt={pct} id={`kpi-${s}-ner`} />
        <Fig label="ACD" f={w.acd} fmt={sec} id={`kpi-${s}-acd`} />
        <Fig label="MOS" f={k.live.mos} fmt={mos} id={`kpi-${s}-mos`} />
        <Chart options={HIST} data={hist} height={36} label={`MOS histogram of the live calls of ${s}`} testId={`kpi-${s}-mos-hist`} />
        <Fig label="Loss p95" f={k.live.loss.p95} fmt={pct} id={`kpi-${s}-loss`} />
        <Fig label="Jitter p95" f={k.live.jitter.p95} fmt={ms} id={`kpi-${s}-jitter`} />
        <div className="kpi" data-testid={`kpi-${s}-oneway`} title="Answered calls with RTP in one direction only / none">
          <span className="kpi-label">One-way / no RTP</span>
          <span className="kpi-value">
            {k.live.oneWayRtp} / {k.live.noRtp}
          </span>
        </div>
      </div>
      <TrunkBoard trunks={k.trunks} sensor={s} />
    </section>
  );
}

export function KpiStrip({ sensors }: { sensors: readonly string[] }) {
  useEffect(() => startKpiFeed(), []);
  const all = useKpi((s) => s.sources);
  const shown = sensors.map((id) => all[id]).filter((k): k is LiveSourceKpis => k !== undefined);
  if (!shown.length) return null;
  return (
    <div className="kpi-strip" data-testid="kpi-strip">
      {shown.map((k) => (
        <SourceStrip key={k.sensor} k={k} />
      ))}
    </div>
  );
}
