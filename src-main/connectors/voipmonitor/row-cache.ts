/**
 * The live poll's memory of one sensor's last listcalls (listcalls.ts, normaliseCalls): for each call
 * reference, the watched values of the row its LiveCall was built from, and that LiveCall. A row whose
 * watched values did not move reuses its LiveCall, so a 10,000-call poll builds only the calls that changed.
 *
 * How it is laid out, and why: a call has a slot, and everything the cache keeps of it sits in arrays
 * indexed by that slot, column by column: its reference in `refs[slot]`, its LiveCall in `calls[slot]`,
 * its watched values at `slot * width ...` in `nums` (each number, unboxed; NaN, which JSON cannot hold,
 * where the value is not a number) and `others` (each value that is not a number; undefined where it is).
 * A new call takes the next free slot at the end; a call that ends leaves a hole. The sniffer lists calls
 * sorted by start (calltable.cpp, the default sort_field calldate_num), so a poll lists the calls of the
 * one before in the same order, new ones at one end: in slot order, with gaps. Comparing a poll then reads
 * these arrays front to back, which the CPU prefetches. Kept per call instead (an object with its own
 * small arrays, as until 2026-12), every row cost three or four cache misses into objects scattered over
 * the old generation, most of the poll's cost beyond parsing; rebuilt for each poll in its order instead,
 * copying the rows cost about as much. When holes make up half the slots, the slots are renumbered in
 * the order of the last poll (compact()).
 *
 * Only the watched values are kept, not the parsed rows: holding 20,000 parsed rows would make the
 * garbage collector copy them on every poll, while rows nothing refers to die young and cost nothing.
 *
 * The order of the last poll is kept as links (`link[slot]`: the slot listed next), so the next row is
 * found without a hash lookup; the lookup (`slots`) is the fallback when the order changed. Every match
 * is checked against the reference itself: the links are hints, never trusted.
 */
import type { LiveCall } from '../../domain/live-call';

/** meta: counterBits() of the row, plus this bit when its start came from calldate_num. */
const START_FROM_NUM = 32;

/** Below this many slots, holes are not worth renumbering for. */
const COMPACT_MIN = 1024;

function grown<T extends Int32Array | Float64Array>(a: T, need: number, make: (len: number) => T): T {
  if (need <= a.length) return a;
  const b = make(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

export class RowCache {
  /** Call reference -> slot. */
  slots = new Map<string, number>();
  /** Slots in use (live or holes); the next new call takes slot `top`. */
  top = 0;
  /** Live calls. */
  live = 0;
  width = 0;
  refs: string[] = [];
  calls: (LiveCall | undefined)[] = [];
  /** counterBits() | START_FROM_NUM (see above). */
  meta = new Int32Array(256);
  /** The raw calldate: it matters only when the start did not come from calldate_num. */
  dates: unknown[] = [];
  nums = new Float64Array(256);
  others: unknown[] = [];
  /** The poll a slot was last listed in; 0 for a hole. */
  seenGen = new Int32Array(256);
  /** The slot listed after this one in the last poll (this poll, once passed), -1 at the end. */
  link = new Int32Array(256);
  /** The slot listed first in the last poll. */
  head = -1;
  header: string[] = [];
  gen = 0;
  /** The list the last poll returned, when it named no call twice (the base of the next ListDelta). */
  lastOut: LiveCall[] | null = null;

  // The walk through one poll.
  /** The slot of the row matched or added last, -1 before the first. */
  private last = -1;
  private newHead = -1;
  /** The slot expected next: the one that followed `last` in the previous poll. */
  private cursor = -1;
  /** Set by find(): the slot it returned was already listed in this poll. */
  twice = false;
  /** How often the slots were renumbered (for tests). */
  compactions = 0;

  /** `compactMin`: below this many slots holes are left alone (tests renumber tiny caches). */
  constructor(private readonly compactMin = COMPACT_MIN) {}

  /** Starts a poll; false when nothing of the last one can be reused (first poll, or another header). */
  begin(header: string[], width: number): boolean {
    const reuse = this.header.length === header.length && this.header.every((h, i) => h === header[i]) && this.width === width;
    if (!reuse) {
      this.clear();
      this.width = width;
    }
    this.header = header;
    this.gen++;
    this.last = -1;
    this.newHead = -1;
    this.cursor = this.head;
    return reuse;
  }

  /**
   * The slot of a call listed before, passed in this poll's order (its link is set), or -1 for a call
   * not known. `twice` tells whether this poll had already listed it.
   */
  find(ref: string): number {
    const refs = this.refs;
    const c = this.cursor;
    let s = -1;
    if (c >= 0 && refs[c] === ref) s = c;
    else {
      // The row at the cursor ended: the one after it; otherwise the hash lookup.
      const a = c >= 0 ? (this.link[c] as number) : -1;
      s = a >= 0 && refs[a] === ref ? a : (this.slots.get(ref) ?? -1);
    }
    if (s < 0) return -1;
    this.twice = this.seenGen[s] === this.gen;
    if (!this.twice) {
      this.seenGen[s] = this.gen;
      // Its old link is read before the walk overwrites it (only a passed slot's link is rewritten).
      this.cursor = this.link[s] as number;
      this.pass(s);
    }
    return s;
  }

  /** A slot for a call not listed before, passed in this poll's order. */
  add(ref: string): number {
    const s = this.top++;
    const w = this.width;
    this.meta = grown(this.meta, s + 1, (l) => new Int32Array(l));
    this.seenGen = grown(this.seenGen, s + 1, (l) => new Int32Array(l));
    this.link = grown(this.link, s + 1, (l) => new Int32Array(l));
    this.nums = grown(this.nums, (s + 1) * w, (l) => new Float64Array(l));
    this.slots.set(ref, s);
    this.refs[s] = ref;
    this.seenGen[s] = this.gen;
    this.live++;
    this.pass(s);
    return s;
  }

  private pass(s: number): void {
    if (this.last >= 0) this.link[this.last] = s;
    else this.newHead = s;
    this.last = s;
  }

  /** The remembered values of slot `s` against a freshly parsed row: true when none moved. */
  same(s: number, r: unknown[], idx: number[], bits: number, date: unknown): boolean {
    const m = this.meta[s] as number;
    if ((m & ~START_FROM_NUM) !== bits || ((m & START_FROM_NUM) === 0 && this.dates[s] !== date)) return false;
    const nums = this.nums;
    const others = this.others;
    const base = s * this.width;
    for (let k = 0; k < idx.length; k++) {
      const x = r[idx[k] as number];
      if (typeof x === 'number') {
        if (nums[base + k] !== x) return false;
      } else if (x === null) {
        // A comparison with a constant: no generic equality call for the commonest non-number.
        if (others[base + k] !== null) return false;
      } else if (typeof x === 'string') {
        const y = others[base + k];
        if (typeof y !== 'string' || y !== x) return false;
      } else if (others[base + k] !== x || nums[base + k] === nums[base + k]) {
        // Anything else: the same value, and not a number before (nums holds NaN then).
        return false;
      }
    }
    return true;
  }

  /** Remembers the row a call was (re)built from. */
  store(s: number, r: unknown[], idx: number[], bits: number, startFromNum: boolean, date: unknown, call: LiveCall): void {
    this.meta[s] = bits | (startFromNum ? START_FROM_NUM : 0);
    this.dates[s] = date;
    this.calls[s] = call;
    const nums = this.nums;
    const others = this.others;
    const base = s * this.width;
    for (let k = 0; k < idx.length; k++) {
      const x = r[idx[k] as number];
      if (typeof x === 'number') {
        nums[base + k] = x;
        others[base + k] = undefined;
      } else {
        nums[base + k] = NaN;
        others[base + k] = x;
      }
    }
  }

  /** Ends a poll: forgets the calls it did not list (returned, as last built) and renumbers when worth it. */
  end(): LiveCall[] {
    if (this.last >= 0) this.link[this.last] = -1;
    this.head = this.newHead;
    const gone: LiveCall[] = [];
    const gen = this.gen;
    const seen = this.seenGen;
    const w = this.width;
    for (let s = 0; s < this.top; s++) {
      const g = seen[s] as number;
      if (g !== 0 && g !== gen) {
        gone.push(this.calls[s] as LiveCall);
        this.slots.delete(this.refs[s] as string);
        seen[s] = 0;
        this.refs[s] = '';
        this.calls[s] = undefined;
        this.dates[s] = undefined;
        this.others.fill(undefined, s * w, (s + 1) * w);
        this.live--;
      }
    }
    if (this.top >= this.compactMin && this.top - this.live > this.live) this.compact();
    return gone;
  }

  /** Renumbers the live slots 0, 1, ... in the order of the last poll. */
  private compact(): void {
    const w = this.width;
    const n = this.live;
    // Built by push, not by index into `new Array(n)`: V8 would keep such arrays "holey" for good, and
    // every later read of them would check for holes.
    const refs: string[] = [];
    const calls: (LiveCall | undefined)[] = [];
    const dates: unknown[] = [];
    const others: unknown[] = [];
    const meta = new Int32Array(Math.max(256, n * 2));
    const seen = new Int32Array(meta.length);
    const link = new Int32Array(meta.length);
    const nums = new Float64Array(Math.max(256, n * 2 * w));
    let t = 0;
    // At most `live` steps: the links form one chain through this poll's slots.
    for (let s = this.head; s >= 0 && t < n; s = this.link[s] as number, t++) {
      const ref = this.refs[s] as string;
      refs.push(ref);
      calls.push(this.calls[s]);
      dates.push(this.dates[s]);
      meta[t] = this.meta[s] as number;
      seen[t] = this.seenGen[s] as number;
      link[t] = t + 1;
      for (let k = 0; k < w; k++) {
        nums[t * w + k] = this.nums[s * w + k] as number;
        others.push(this.others[s * w + k]);
      }
      this.slots.set(ref, t);
    }
    if (t !== n) {
      // Cannot happen (every live slot is on the chain); forget everything rather than keep a wrong map.
      this.clear();
      return;
    }
    if (n > 0) link[n - 1] = -1;
    this.compactions++;
    this.refs = refs;
    this.calls = calls;
    this.dates = dates;
    this.others = others;
    this.meta = meta;
    this.seenGen = seen;
    this.link = link;
    this.nums = nums;
    this.top = n;
    this.head = n > 0 ? 0 : -1;
  }

  /** The call references of the last poll, in the order the sensor listed them. */
  listedRefs(): string[] {
    const out: string[] = [];
    for (let s = this.head; s >= 0 && out.length < this.top; s = this.link[s] as number) out.push(this.refs[s] as string);
    return out;
  }

  /** Forgets everything (another header, or a reply found invalid half way). */
  clear(): void {
    this.slots.clear();
    this.top = 0;
    this.live = 0;
    this.refs = [];
    this.calls = [];
    this.dates = [];
    this.others = [];
    this.seenGen.fill(0);
    this.head = -1;
    this.header = [];
    this.lastOut = null;
  }
}
