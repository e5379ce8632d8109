import type { CdrRecord } from '../../../src-main/domain/cdr';

/** Deterministic CDR records for the renderer table tests and benchmark. */
export function makeCdrs(n: number, seed = 7): CdrRecord[] {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const disp = ['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED'];
  const names = ['Alice Novak', 'Bob Dvorak', null, 'Carla Svoboda', 'Dan Horak'];
  const base = Date.UTC(2024, 5, 1, 8, 0, 0);
  const out: CdrRecord[] = [];
  for (let i = 0; i < n; i++) {
    const start = base + Math.floor(rnd() * 30 * 86400_000);
    const dur = Math.floor(rnd() * 900);
    out.push({
      id: `r${i}`,
      profileId: i % 3 ? 'pbx-a' : 'pbx-b',
      source: i % 5 ? 'ucm' : 'wildix',
      callId: i % 4 ? `cid-${i}@10.0.0.1` : null,
      start: new Date(start).toISOString(),
      answer: null,
      end: null,
      durationSec: dur,
      billsec: Math.max(0, dur - 10),
      caller: String(1000 + Math.floor(rnd() * 200)),
      callerName: names[i % names.length] ?? null,
      callee: `+4202${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`,
      disposition: disp[Math.floor(rnd() * 4)] ?? 'ANSWERED',
      legs: [],
      recordFiles: i % 7 ? [] : [`auto-${i}.wav`],
      extra: {},
    });
  }
  return out;
}
