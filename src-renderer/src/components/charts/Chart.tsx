/**
 * One uPlot chart (canvas; small and fast, made for live time series). Created once per mount; new data
 * goes through setData, so a KPI push redraws without rebuilding the chart. Each redraw is measured
 * ("chart:draw", read by bench/noc-charts.bench.ts).
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartProps {
  /** Built once per mount (width comes from the container). */
  options: (width: number, height: number) => Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height: number;
  testId?: string;
  label: string;
}

let seq = 0;

export function Chart({ options, data, height, testId, label }: ChartProps) {
  const el = useRef<HTMLDivElement | null>(null);
  const plot = useRef<uPlot | null>(null);
  const mark = useRef<string>('');
  const optionsRef = useRef(options);
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    const host = el.current;
    if (!host) return;
    const width = Math.max(60, host.clientWidth || 200);
    const base = optionsRef.current(width, height);
    const u = new uPlot(
      {
        ...base,
        width,
        height,
        hooks: {
          ...base.hooks,
          draw: [
            ...(base.hooks?.draw ?? []),
            () => {
              if (!mark.current) return;
              try {
                performance.measure('chart:draw', mark.current);
              } catch {
                // The mark was cleared (bench reset): nothing to measure.
              }
              mark.current = '';
            },
          ],
        },
      },
      dataRef.current,
      host,
    );
    plot.current = u;
    const ro = new ResizeObserver(() => {
      const w = host.clientWidth;
      if (w > 0 && w !== u.width) u.setSize({ width: w, height });
    });
    ro.observe(host);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [height]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    mark.current = `chart:update:${++seq}`;
    performance.mark(mark.current);
    u.setData(data);
  }, [data]);

  return <div ref={el} className="chart" role="img" aria-label={label} data-testid={testId} />;
}

/** A bare sparkline: no axes, no legend, no cursor. */
export function sparkOptions(stroke: string): (w: number, h: number) => Omit<uPlot.Options, 'width' | 'height'> {
  return () => ({
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    axes: [{ show: false }, { show: false }],
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
    series: [{}, { stroke, width: 1.5, fill: `${stroke}33`, points: { show: false } }],
  });
}

/** Bars over fixed bins (the MOS histogram); x is the bin's lower edge. */
export function histogramOptions(fill: string): (w: number, h: number) => Omit<uPlot.Options, 'width' | 'height'> {
  return () => ({
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    axes: [{ show: true, size: 18, gap: 2, ticks: { show: false }, font: '10px sans-serif', values: (_u, vals) => vals.map((v) => v.toFixed(1)) }, { show: false }],
    scales: { x: { time: false, range: [0.75, 4.75] }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
    series: [{}, { fill, stroke: fill, width: 0, paths: uPlot.paths.bars?.({ size: [0.9, 40] }), points: { show: false } }],
  });
}

/** Counts per hour as bars (the CDR summary). */
export function hourBarsOptions(fill: string): (w: number, h: number) => Omit<uPlot.Options, 'width' | 'height'> {
  return () => ({
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    axes: [{ show: true, size: 20, gap: 2, font: '10px sans-serif' }, { show: true, size: 32, font: '10px sans-serif' }],
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
    series: [{}, { fill, stroke: fill, width: 0, paths: uPlot.paths.bars?.({ size: [0.8, 30] }), points: { show: false } }],
  });
}
