/**
 * A text filter's view of a source's one poller (services/live/service.ts): the poller polls and diffs
 * the source's whole list once; each distinct filter keeps the calls that match (`matchesText`) with its
 * own diff state, so its subscribers get adds and removals as calls start or stop matching.
 *
 * Cheap on a big sensor: when the source recorded what changed since the list this view last saw
 * (core/list-delta.ts, VoIPmonitor's row cache), only the rebuilt rows are matched again and the calls
 * that ended are dropped; every other call is the very object of the previous poll, whose fields the
 * filter reads did not move, so it matches as it did. The view records the same kind of delta for its
 * own list, so its diff takes the same short path (services/live/diff.ts). Without such a record (other
 * sources, the first poll, after an error) the whole list is matched and diffed, as before.
 */
import type { LiveCall, LiveDiff } from '../../domain/live-call';
import { listDelta, recordListDelta, type ListDelta } from '../../core/list-delta';
import { diffCalls, emptyDiffState, matchesText, type CallDiff } from './diff';

/** One spelling per filter: `matchesText` ignores case and surrounding blanks, so views do too. */
export function normaliseFilter(text: string): string {
  return text.trim().toLowerCase();
}

export class FilteredView {
  private state = emptyDiffState();
  /** The filtered list of the last update (the `previous` of the next one's delta). */
  private list: LiveCall[] = [];
  /** The source's list that `list` was filtered from: a source delta that follows it is followed here. */
  private from: readonly LiveCall[] | null = null;

  constructor(readonly text: string) {}

  /** How many calls match (the view's rows). */
  get count(): number {
    return this.state.entries.size;
  }

  /** Forgets the rows (the poller was replaced: its first poll rebuilds them). */
  clear(): void {
    this.state = emptyDiffState();
    this.list = [];
    this.from = null;
  }

  /**
   * Brings the view to one poll of the source: `calls` is the poller's unfiltered list (the source's own
   * array); `reset` starts over (the poller's first poll, or the first after an error).
   */
  update(calls: readonly LiveCall[], reset: boolean): CallDiff {
    if (reset) this.clear();
    const delta = this.from !== null ? listDelta(calls) : undefined;
    const next = delta !== undefined && delta.previous === this.from ? this.follow(calls, delta) : calls.filter((c) => matchesText(c, this.text));
    this.from = calls;
    if (next === this.list) return { added: [], changed: [], removed: [] };
    const d = diffCalls(this.state, next);
    this.list = next;
    return d;
  }

  /** The matching rows as one reset push in a subscriber's own sequence. */
  rowsAsReset(sensor: string, seq: number, polledAt: string): LiveDiff {
    const added = [...this.state.entries.values()].map((e) => e.obj);
    return { sensor, added, changed: [], removed: [], reset: true, seq, polledAt };
  }

  /**
   * The filtered list after a source delta, with its own delta recorded: the previous filtered list
   * without the calls that ended or were rebuilt, then the rebuilt and new rows that match. The list
   * itself is returned when no matching call moved.
   */
  private follow(calls: readonly LiveCall[], delta: ListDelta): LiveCall[] {
    const entries = this.state.entries;
    // The objects of `this.list` that leave it (entries hold exactly the objects of the last list).
    const drop = new Set<LiveCall>();
    for (const g of delta.gone) if (entries.get(g.key)?.obj === g) drop.add(g);
    const matching: LiveCall[] = [];
    for (const i of delta.fresh) {
      const c = calls[i] as LiveCall;
      const old = entries.get(c.key)?.obj;
      if (old !== undefined) drop.add(old);
      if (matchesText(c, this.text)) matching.push(c);
    }
    if (!drop.size && !matching.length) return this.list;
    let next: LiveCall[];
    if (drop.size) {
      next = [];
      for (const c of this.list) if (!drop.has(c)) next.push(c);
    } else {
      next = this.list.slice();
    }
    const fresh: number[] = [];
    for (const c of matching) {
      fresh.push(next.length);
      next.push(c);
    }
    // A dropped call whose key a matching rebuilt row brings back did not leave: it changed.
    const back = drop.size && matching.length ? new Set(matching.map((c) => c.key)) : null;
    const gone: LiveCall[] = [];
    for (const o of drop) if (!back?.has(o.key)) gone.push(o);
    recordListDelta(next, { previous: this.list, fresh, gone });
    return next;
  }
}
