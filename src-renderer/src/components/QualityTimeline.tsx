/**
 * The drill-down's quality timeline: MOS, loss and jitter of the call (worse direction) from every poll
 * since its panel opened, as a uPlot chart plus the same figures in words for screen readers.
 */
import { useEffect, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import type { LiveCall } from '../../../src-main/domain/live-call';
import { Chart } from './charts/Chart';
import { recordSample, type QualitySample } from '../lib/quality-history';

const OPTIONS = (): Omit<uPlot.Options, 'width' | 'height'> => ({
  legend: { show: false },
  cursor: { show: true },
  // One or two polls span seconds: widen to a minute around them, or the time axis labels months.
  scales: { x: { time: true, range: (_u, min, max) => (!Number.isFinite(min) || !Number.isFinite(max) ? [Date.now() / 1000 - 60, Date.now() / 1000] : max - min < 60 ? [min - 30, max + 30] : [min, max]) }, mos: { range: [1, 5] }, pct: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
  axes: [
    { size: 24, font: '10px sans-serif' },
    { scale: 'mos', size: 30, font: '10px sans-serif' },
    { scale: 'pct', side: 1, size: 34, font: '10px sans-serif', grid: { show: false } },
  ],
  series: [
    {},
    { label: 'MOS', scale: 'mos', stroke: '#1a73e8', width: 2 },
    { label: 'Loss %', scale: 'pct', stroke: '#b3261e', width: 1.5 },
    { label: 'Jitter ms', scale: 'pct', stroke: '#834b00', width: 1.5, dash: [4, 3] },
  ],
});

const f = (v: number | null, d: number) => (v === null ? '–' : v.toFixed(d));

export function QualityTimeline({ call }: { call: LiveCall }) {
  const [samples, setSamples] = useState<readonly QualitySample[]>([]);
  // Every new row object for this call is a poll that changed it; the panel stays open across polls.
  useEffect(() => {
    setSamples([...recordSample(call, Date.now())]);
  }, [call]);
  const data = useMemo<uPlot.AlignedData>(() => [samples.map((s) => s.t / 1000), samples.map((s) => s.mos), samples.map((s) => s.loss), samples.map((s) => s.jitter)], [samples]);
  const minMos = samples.reduce<number | null>((m, s) => (s.mos === null ? m : m === null ? s.mos : Math.min(m, s.mos)), null);
  const maxLoss = samples.reduce<number | null>((m, s) => (s.loss === null ? m : m === null ? s.loss : Math.max(m, s.loss)), null);
  const maxJitter = samples.reduce<number | null>((m, s) => (s.jitter === null ? m : m === null ? s.jitter : Math.max(m, s.jitter)), null);
  return (
    <section data-testid="quality-timeline" data-samples={samples.length}>
      <h3>Quality over time</h3>
      <p className="quality-key" aria-hidden="true">
        <span className="key-mos">— MOS (left, 1–5)</span> <span className="key-loss">— loss %</span> <span className="key-jitter">- - jitter ms</span> (right)
      </p>
      <div className="quality-chart">
        <Chart options={OPTIONS} data={data} height={140} label={`Quality of this call over ${samples.length} polls: lowest MOS ${f(minMos, 2)}, highest loss ${f(maxLoss, 2)} %, highest jitter ${f(maxJitter, 1)} ms`} testId="quality-chart" />
      </div>
      <p className="muted" data-testid="quality-summary">
        {samples.length} {samples.length === 1 ? 'poll' : 'polls'} while this panel is open · lowest MOS {f(minMos, 2)} · highest loss {f(maxLoss, 2)} % · highest jitter {f(maxJitter, 1)} ms (worse direction)
      </p>
    </section>
  );
}
