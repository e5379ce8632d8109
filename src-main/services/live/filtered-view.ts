/**
 * A text filter's view of a source's one poller (services/live/service.ts): the poller polls and diffs
 * the source's whole list once; each distinct filter keeps the calls that match (`matchesText`) and
 * turns the poller's diff into its own, so its subscribers get adds and removals as calls start or stop
 * matching. The view never compares a call's fields itself: whether a call changed is the poller's
 * diff's answer (services/live/diff.ts), for the very object pair it compared.
 *
 * Cheap on a big sensor: when the source recorded what changed since the list this view last saw
 * (core/list-delta.ts, VoIPmonitor's row cache), only the rebuilt rows are matched again and the calls
 * that ended are dropped; every other call is the very object of the previous poll, whose fields the
 * filter reads did not move, so it matches as it did. Without such a record (other sources, the first
 * poll, after an error) the whole list is matched, as a poller of its own would.
 */
import type { LiveCall, LiveDiff } from '../../domain/live-call';
import { listDelta, type ListDelta } from '../../core/list-delta';
import { matchesNormalisedText, normaliseFilter, type CallDiff } from './diff';

/** What the poller's diff of one poll said (services/live/poller.ts, onCalls). */
export interface SourceChanges {
  /** The poller started over: `added` is the whole list. */
  reset: boolean;
  /** New keys, in list order. */
  added: readonly LiveCall[];
  /** Calls whose watched fields changed, in list order. */
  changed: readonly LiveCall[];
}

interface Row {
  obj: LiveCall;
  /** The full pass it was last seen in. */
  gen: number;
}

export class FilteredView {
  /** key -> the matching call as last listed, in the order a diff state keeps (first added first). */
  private rows = new Map<string, Row>();
  private gen = 0;
  /** The source's list the rows are of: a source delta that follows it is followed here. */
  private from: readonly LiveCall[] | null = null;

  /** Trimmed and lower-cased (normaliseFilter), as matchesNormalisedText reads it. */
  readonly text: string;

  constructor(text: string) {
    this.text = normaliseFilter(text);
  }

  /** How many calls match (the view's rows). */
  get count(): number {
    return this.rows.size;
  }

  /** Forgets the rows (the poller was replaced: its first poll rebuilds them). */
  clear(): void {
    this.rows.clear();
    this.from = null;
  }

  /**
   * Brings the view to one poll of the source: `calls` is the poller's unfiltered list (the source's own
   * array), `changes` the poller's diff of it against the list before.
   */
  update(calls: readonly LiveCall[], changes: SourceChanges): CallDiff {
    const delta = !changes.reset && this.from !== null ? listDelta(calls) : undefined;
    const d = delta !== undefined && delta.previous === this.from ? this.follow(calls, delta, changes) : null;
    this.from = calls;
    return d ?? this.walk(calls, changes);
  }

  /** The view as of the source's list `calls`, from nothing (a view made while the poller runs). */
  build(calls: readonly LiveCall[]): void {
    this.clear();
    this.walk(calls, { reset: true, added: calls, changed: [] });
    this.from = calls;
  }

  /** The matching rows as one reset push in a subscriber's own sequence. */
  rowsAsReset(sensor: string, seq: number, polledAt: string): LiveDiff {
    const added: LiveCall[] = [];
    this.rows.forEach((r) => added.push(r.obj));
    return { sensor, added, changed: [], removed: [], reset: true, seq, polledAt };
  }

  /**
   * Only the rows the source rebuilt (`delta.fresh`) and the calls that ended. The poller's `added` and
   * `changed` are those rebuilt rows that are new or changed, in list order, so they are read alongside
   * `fresh` without a lookup; should they not line up (a diff that lists otherwise), null: walk instead.
   */
  private follow(calls: readonly LiveCall[], delta: ListDelta, changes: SourceChanges): CallDiff | null {
    const { added: srcAdded, changed: srcChanged } = changes;
    let ja = 0;
    let jc = 0;
    for (const i of delta.fresh) {
      const c = calls[i];
      if (srcAdded[ja] === c) ja++;
      else if (srcChanged[jc] === c) jc++;
    }
    if (ja !== srcAdded.length || jc !== srcChanged.length) return null;
    ja = 0;
    jc = 0;
    const added: LiveCall[] = [];
    const changed: LiveCall[] = [];
    const removed: string[] = [];
    for (const i of delta.fresh) {
      const c = calls[i] as LiveCall;
      const isNew = srcAdded[ja] === c;
      if (isNew) ja++;
      const isChanged = !isNew && srcChanged[jc] === c;
      if (isChanged) jc++;
      const matches = matchesNormalisedText(c, this.text);
      // A new key cannot be a row yet: the rows are calls of the previous list.
      const r = isNew ? undefined : this.rows.get(c.key);
      if (r !== undefined) {
        if (matches) {
          r.obj = c;
          if (isChanged) changed.push(c);
        } else {
          this.rows.delete(c.key);
          removed.push(c.key);
        }
      } else if (matches) {
        this.rows.set(c.key, { obj: c, gen: this.gen });
        added.push(c);
      }
    }
    for (const g of delta.gone) {
      if (this.rows.get(g.key)?.obj === g) {
        this.rows.delete(g.key);
        removed.push(g.key);
      }
    }
    return { added, changed, removed };
  }

  /** Every call of the list matched again (a reset, or a list without a delta that follows the last). */
  private walk(calls: readonly LiveCall[], changes: SourceChanges): CallDiff {
    if (changes.reset) this.rows.clear();
    const gen = ++this.gen;
    const changedNow = changes.changed.length ? new Set(changes.changed) : null;
    const added: LiveCall[] = [];
    const changed: LiveCall[] = [];
    for (const c of calls) {
      const r = this.rows.get(c.key);
      if (r !== undefined && r.gen === gen) continue; // a source listing a call twice: the first counts
      if (!matchesNormalisedText(c, this.text)) continue;
      if (r === undefined) {
        this.rows.set(c.key, { obj: c, gen });
        added.push(c);
        continue;
      }
      r.gen = gen;
      if (r.obj !== c && changedNow?.has(c)) changed.push(c);
      r.obj = c;
    }
    const removed: string[] = [];
    this.rows.forEach((r, k) => {
      if (r.gen !== gen) {
        removed.push(k);
        this.rows.delete(k);
      }
    });
    return { added, changed, removed };
  }
}
