import { mulberry32 } from '../prng';
export { mulberry32 };

export interface SimCall {
  ref: string;
  callId: string;
  caller: string;
  called: string;
  callerName: string | null;
  callerIp: number;
  calledIp: number;
  start: number;
  ringSec: number;
  talkSec: number;
  /** Seconds after answer when quality degrades, or -1. */
  degradeAfter: number;
  codec: number;
  failCode: number | null;
  jitterBase: number;
}

export interface ScenarioOptions {
  count: number;
  seed?: number;
  /** Unix seconds of the scenario clock at creation. */
  startTime?: number;
  /** Fraction of calls that degrade (loss, jitter, MOS down). */
  degradeRatio?: number;
}

const CODECS = [0, 8, 9, 18, 8, 0];
const NAMES = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', null, null];

export class Scenario {
  readonly calls = new Map<string, SimCall>();
  now: number;
  /** Bumped on every change of the clock or population (reply caches key on it). */
  generation = 0;
  private rnd: () => number;
  private serial = 0;
  private readonly degradeRatio: number;

  constructor(readonly opts: ScenarioOptions) {
    if (opts.count < 0 || opts.count > 20_000) throw new Error('count must be 0..20000');
    this.rnd = mulberry32(opts.seed ?? 1);
    this.now = opts.startTime ?? 1795363962;
    this.degradeRatio = opts.degradeRatio ?? 0.1;
    for (let i = 0; i < opts.count; i++) {
      // Spread initial calls over their lifetimes so every phase is present from the start.
      const c = this.newCall(this.now);
      c.start -= Math.floor(this.rnd() * (c.ringSec + c.talkSec));
      this.calls.set(c.ref, c);
    }
  }

  private newCall(at: number): SimCall {
    const r = this.rnd;
    const n = ++this.serial;
    const caller = r() < 0.3 ? `+4206${String(Math.floor(r() * 1e8)).padStart(8, '0')}` : String(1000 + Math.floor(r() * 9000));
    const called = String(2000 + Math.floor(r() * 8000));
    const failing = r() < 0.05;
    return {
      ref: '0x7f' + (0xa3500000000 + n * 0x1c0).toString(16),
      callId: `call-${n}-${Math.floor(r() * 1e9).toString(36)}@sim.invalid`,
      caller,
      called,
      callerName: NAMES[Math.floor(r() * NAMES.length)] ?? null,
      callerIp: 0x0a000000 + 1 + Math.floor(r() * 250),
      calledIp: 0x0a000100 + 1 + Math.floor(r() * 250),
      start: at,
      ringSec: 1 + Math.floor(r() * 8),
      talkSec: failing ? 0 : 20 + Math.floor(r() * 580),
      degradeAfter: r() < this.degradeRatio ? 5 + Math.floor(r() * 60) : -1,
      codec: CODECS[Math.floor(r() * CODECS.length)] ?? 8,
      failCode: failing ? [486, 480, 404][Math.floor(r() * 3)] ?? 486 : null,
      jitterBase: 0.2 + r() * 2,
    };
  }

  /** Advances the clock; ended calls are replaced by new ringing calls. */
  tick(seconds = 1): void {
    this.now += seconds;
    this.generation++;
    for (const c of [...this.calls.values()]) {
      if (this.now - c.start >= c.ringSec + c.talkSec + (c.failCode ? 2 : 0)) {
        this.calls.delete(c.ref);
        const n = this.newCall(this.now);
        this.calls.set(n.ref, n);
      }
    }
  }

  advanceTo(unixSec: number): void {
    const d = Math.floor(unixSec) - this.now;
    if (d > 0) this.tick(Math.min(d, 3600));
  }

  /** Marks a change without moving time (tests). */
  touch(): void {
    this.generation++;
  }
}
