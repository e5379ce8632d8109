/**
 * Renderer: sort and quick-filter 100,000 CdrRecords in the CDR search view, in the real page in
 * Chromium. Measured from the click / keystroke (performance.mark in CdrSearchView) to the React commit
 * of the table (performance.measure in its layout effect): index sort or filter plus the render of the
 * visible rows. The page gets a stand-in `window.callboard` (bench/renderer-bridge.ts, as the other renderer benches) that
 * answers cdr:search and streams the rows as cdr:page events; median over several runs after warm-up.
 */
import type { BenchResult } from './types';
import { openBenchPage, standInBridge } from './renderer-bridge';
import { median } from './stats';

const ROWS = 100_000;
const RUNS = 7;




const PAGE_SETUP = `(() => {
  const JOB = '00000000-0000-4000-8000-000000000001';
  const mk = (i) => ({ id: 'r' + i, profileId: 'pbx', source: 'ucm', callId: 'cid' + i + '@bench', start: new Date(Date.UTC(2024, 5, 1) + ((i * 7919) % 2592000) * 1000).toISOString(),
    answer: null, end: null, durationSec: (i * 13) % 3600, billsec: (i * 11) % 3000, caller: String(1000 + (i % 300)), callerName: i % 4 ? 'Name ' + (i % 97) : null,
    callee: '+4202' + String((i * 104729) % 100000000).padStart(8, '0'), disposition: ['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED'][i % 4], legs: [], recordFiles: i % 9 ? [] : ['rec-' + i + '.wav'], extra: {} });
${standInBridge({
  profiles: [{ id: 'pbx', name: 'Bench UCM', kind: 'ucm', baseUrl: 'https://127.0.0.1:8089', user: 'cdrapi' }],
  replies: { 'cdr:savedList': { saved: [], last: null } },
  custom: `if (ch === 'cdr:search') {
          setTimeout(() => {
            for (let p = 0; p < ${ROWS} / 5000; p++) {
              const recs = []; for (let i = p * 5000; i < (p + 1) * 5000; i++) recs.push(mk(i));
              emit('cdr:page', { jobId: JOB, records: recs, fetched: (p + 1) * 5000, total: ${ROWS}, done: false });
            }
            emit('cdr:page', { jobId: JOB, records: [], fetched: ${ROWS}, total: ${ROWS}, done: true, truncated: false });
          }, 50);
          return { ok: true, value: { jobId: JOB } };
        }`,
})}
  window.localStorage.setItem('callboard.view', JSON.stringify('cdr'));
})();`;

async function lastMeasure(page: import('playwright-core').Page, name: string): Promise<number> {
  await page.waitForFunction((n) => performance.getEntriesByName(n, 'measure').length > 0, name, { timeout: 30_000 });
  return page.evaluate((n) => {
    const m = performance.getEntriesByName(n, 'measure');
    const d = m[m.length - 1]?.duration ?? NaN;
    performance.clearMeasures(n);
    return d;
  }, name);
}

export default {
  name: 'renderer-cdr',
  async run(): Promise<BenchResult[]> {
    const { page, close } = await openBenchPage(PAGE_SETUP);
    try {
      await page.getByTestId('view-cdr').waitFor();
      await page.getByTestId('cdr-search').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="cdr-progress"]')?.getAttribute('data-phase') === 'done', undefined, { timeout: 60_000 });
      await page.waitForTimeout(3000); // idle-time warm-up of the sort ranks and filter index
      const sorts: number[] = [];
      const cols = ['caller', 'duration', 'callee', 'start', 'disposition'];
      for (let i = 0; i < RUNS + 1; i++) {
        await page.evaluate(() => performance.clearMeasures());
        await page.getByTestId(`sort-${cols[i % cols.length]}`).click();
        const ms = await lastMeasure(page, 'cdr:sort-commit');
        if (i > 0) sorts.push(ms);
      }
      const filters: number[] = [];
      const terms = ['name 4', '1050', 'busy', 'rec-9', '+42025', 'name 9'];
      for (let i = 0; i < RUNS; i++) {
        await page.getByTestId('cdr-quick-filter').fill('');
        await page.waitForTimeout(50);
        await page.evaluate(() => performance.clearMeasures());
        await page.getByTestId('cdr-quick-filter').fill(terms[i % terms.length] ?? 'x');
        filters.push(await lastMeasure(page, 'cdr:filter-commit'));
      }
      const rows = await page.getByTestId('cdr-progress').innerText();
      if (!rows.includes('100,000')) throw new Error(`expected 100,000 rows, page says "${rows}"`);
      return [
        { metric: 'sort 100,000 CDRs, click → commit (median)', value: Math.round(median(sorts) * 10) / 10, unit: 'ms', budget: 100 },
        { metric: 'quick filter 100,000 CDRs, keystroke → commit (median)', value: Math.round(median(filters) * 10) / 10, unit: 'ms', budget: 100 },
      ];
    } finally {
      await close();
    }
  },
};
