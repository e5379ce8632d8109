/**
 * Renderer: the NOC watch's charts (uPlot, canvas) in the real page in Chromium. Each `kpi:live` push
 * carries a source's last hour of concurrent calls (1,800 points at a 2 s poll) and its MOS histogram;
 * the strip's two charts redraw through setData. Measured from the chart's setData to uPlot's draw hook
 * ("chart:draw", components/charts/Chart.tsx), per chart, median over the pushes after a warm-up.
 *
 * The page gets a stand-in `window.callboard` (canned replies, an event emitter), as in
 * bench/renderer-live.bench.ts: this measures the renderer alone.
 */
import type { BenchResult } from './types';
import { openBenchPage, standInBridge } from './renderer-bridge';
import { median } from './stats';

const PUSHES = 30;
const WARMUP = 5;
const POINTS = 1800;


const PAGE_SETUP = `(() => {
${standInBridge({ replies: { 'alerts:subscribe': { alerts: [], summary: { open: 0, unacknowledged: 0, worst: null } }, 'kpi:live': { sources: [] } } })}
  const fig = (value, n) => ({ value, n, enough: n >= 10 });
  const pct = (v, n) => ({ p50: fig(v / 2, n), p95: fig(v, n), max: fig(v * 2, n) });
  const classes = { '1xx': 10, '2xx': 9000, '3xx': 0, '4xx': 300, '5xx': 20, '6xx': 1 };
  const live = (c) => ({ concurrent: c, caps: fig(3.2, 190), mos: fig(4.1, c), mosHistogram: [1, 2, 5, 20, 80, 400, c], loss: pct(1.5, c), jitter: pct(4, c), oneWayRtp: 3, noRtp: 1, sipClasses: classes });
  const win = () => ({ attempts: 2000, answered: 1200, asr: fig(60, 2000), ner: fig(92, 2000), acd: fig(140, 1100), ser: fig(61, 1900), seer: fig(90, 1900), isa: fig(1, 1900), srd: fig(null, 0), sipClasses: classes, mosHistogram: [0, 0, 1, 2, 30, 300, 800] });
  let t0 = Date.now() - ${POINTS} * 2000, k = 0;
  const series = Array.from({ length: ${POINTS} }, (_, i) => [t0 + i * 2000, 9000 + Math.round(500 * Math.sin(i / 50))]);
  window.__bench = {
    push() {
      k++;
      series.shift();
      const last = series[series.length - 1][0] + 2000;
      series.push([last, 9000 + Math.round(500 * Math.sin(k / 5)) + Math.round(Math.random() * 100)]);
      performance.clearMeasures('chart:draw');
      const trunks = ['Carrier A', 'Carrier B', 'Carrier C'].map((t, i) => ({ kind: 'trunk', key: t, label: t, live: live(3000 + i), window: win() }));
      emit('kpi:live', { sensor: 's1', at: new Date(last).toISOString(), windowSec: 900, minSample: 10, live: live(series[series.length - 1][1]), window: win(), concurrentSeries: series.slice(), trunks, destinations: [] });
      return new Promise((resolve) => { const s = performance.now(); const poll = () => { const m = performance.getEntriesByName('chart:draw', 'measure'); if (m.length >= 2) resolve(m.map((x) => x.duration)); else if (performance.now() - s > 5000) resolve(m.map((x) => x.duration)); else setTimeout(poll, 5); }; poll(); });
    },
  };
})();`;

export default {
  name: 'renderer-noc',
  async run(): Promise<BenchResult[]> {
    const { page, close } = await openBenchPage(PAGE_SETUP);
    try {
      await page.getByTestId('view-live').waitFor({ timeout: 10_000 });
      const draws: number[] = [];
      for (let i = 0; i < WARMUP + PUSHES; i++) {
        const ms = await page.evaluate(() => (window as unknown as { __bench: { push(): Promise<number[]> } }).__bench.push());
        if (i === 0) await page.getByTestId('kpi-s1-spark').waitFor({ timeout: 10_000 });
        if (i >= WARMUP) draws.push(...ms);
      }
      if (draws.length < PUSHES) throw new Error(`only ${draws.length} chart draws were measured for ${PUSHES} pushes`);
      const shown = await page.getByTestId('kpi-s1-concurrent').innerText();
      if (!/\d{4}/.test(shown)) throw new Error(`the strip shows "${shown}"`);
      process.stdout.write(`  ${draws.length} chart redraws (sparkline of ${POINTS} points + MOS histogram) over ${PUSHES} pushes\n`);
      return [
        { metric: `KPI chart redraw per update (uPlot setData → draw, ${POINTS}-point sparkline / histogram), median`, value: Number(median(draws).toFixed(2)), unit: 'ms', budget: 16 },
        { metric: 'same, worst', value: Number(Math.max(...draws).toFixed(2)), unit: 'ms' },
      ];
    } finally {
      await close();
    }
  },
};
