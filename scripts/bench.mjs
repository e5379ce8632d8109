// `npm run bench`: runs every bench/*.bench.ts in its own process (so one benchmark's garbage and JIT
// state do not skew the next), prints the figures and compares them with the budgets from the issues.
// Benchmarks report numbers; they are not timed unit tests and do not run in `npm test`.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';

const filter = process.argv.slice(2);
const files = readdirSync('bench').filter((f) => f.endsWith('.bench.ts') && (!filter.length || filter.some((x) => f.includes(x)))).sort();
const all = [];
let over = 0;
for (const f of files) {
  process.stdout.write(`\n### ${f}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run-one.mts', `bench/${f}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 });
  const out = r.stdout ?? '';
  const marker = out.lastIndexOf('@@BENCH@@');
  process.stdout.write(marker >= 0 ? out.slice(0, marker) : out);
  if (r.status !== 0 || marker < 0) {
    process.stdout.write(`  FAILED to run (exit ${r.status ?? r.signal})\n`);
    over++;
    continue;
  }
  const { name, results } = JSON.parse(out.slice(marker + 9).trim());
  for (const res of results) {
    const verdict = res.budget === undefined ? '' : res.value <= res.budget ? 'within budget' : 'OVER BUDGET';
    if (verdict === 'OVER BUDGET') over++;
    all.push({ bench: name, ...res, verdict });
  }
}
const w = (s, n) => String(s).padEnd(n);
process.stdout.write(`\n${w('benchmark', 40)} ${w('metric', 64)} ${w('value', 12)} ${w('budget', 10)} verdict\n`);
for (const r of all) {
  const v = r.value >= 100 ? r.value.toFixed(0) : r.value >= 1 ? r.value.toFixed(2) : r.value.toFixed(4);
  process.stdout.write(`${w(r.bench, 40)} ${w(r.metric, 64)} ${w(`${v} ${r.unit}`, 12)} ${w(r.budget === undefined ? '' : `${r.budget} ${r.unit}`, 10)} ${r.verdict}\n`);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify({ at: new Date().toISOString(), node: process.version, results: all }, null, 2));
process.stdout.write(`\n${all.length} figures, ${over} over budget or failed. (bench/results/latest.json)\n`);
process.exit(over ? 1 : 0);
