/**
 * What each alert rule kind measures (docs/KPIS.md, "Alert rules"): for one rule and one source, a
 * value per group (the source, each trunk, each destination), with its sample.
 *
 * Every value is read from the tracker's accumulators (kept by difference as polls arrive), so a rule
 * costs O(groups), not O(calls). The calls behind an observation (`callKeys`) are looked up only when
 * the alert book asks for them: when an alert opens or its figure moves.
 */
import type { AlertRule, RuleKind } from '../../domain/alerts';
import type { GroupKind } from '../../domain/kpi';
import { figure } from '../kpi/definitions';
import type { Destination } from '../kpi/groups';
import type { AttemptAgg } from '../kpi/attempt-window';
import type { LiveAgg } from '../kpi/live-agg';
import type { LiveEntry, LiveKpiTracker, WindowAttempt } from '../kpi/live-tracker';
import { RULE_TRAITS } from '../../../src-shared/rule-traits';

export interface Observation {
  kind: GroupKind;
  key: string;
  label: string;
  value: number | null;
  n: number;
  enough: boolean;
  /** The calls behind it (at most 50), computed when first read. */
  readonly callKeys: string[];
}

/** The state of one source the rules read besides its calls. */
export interface SourceFacts {
  profileId: string;
  label: string;
  tracker: LiveKpiTracker | null;
  /** Last successful poll (ms), or null when none since the watch started. */
  lastOkMs: number | null;
  /** When the watch started following this source. */
  sinceMs: number;
  /** Last status the poller reported: connected, slow, error, stale… */
  state: string | null;
  /** Capture drop counter samples [ms, drops], oldest first (VoIPmonitor health). */
  drops: Array<[number, number]>;
  /** Latest registrations count: failed / total, or null when not polled. */
  registrations: { failed: number; total: number; failedUsers: string[] } | null;
  homeCountry: string;
}

export function isBelowRule(kind: RuleKind): boolean {
  return RULE_TRAITS[kind].opens === 'below';
}

const MAX_KEYS = 50;

type Base = { kind: GroupKind; key: string; label: string };

function obs(base: Base, value: number | null, n: number, enough: boolean, keys?: () => string[]): Observation {
  let memo: string[] | null = null;
  return {
    ...base, value, n, enough,
    get callKeys(): string[] {
      return (memo ??= keys ? keys() : []);
    },
  };
}

function take<T>(items: Iterable<T>, pick: (x: T) => string | null): string[] {
  const out: string[] = [];
  for (const x of items) {
    const k = pick(x);
    if (k !== null && out.push(k) >= MAX_KEYS) break;
  }
  return out;
}

function matchesCode(rule: AlertRule, code: number): boolean {
  for (const c of rule.codes) {
    if (typeof c === 'number' ? c === code : Math.floor(code / 100) === Number(c[0])) return true;
  }
  return false;
}

function suspiciousDestination(rule: AlertRule, d: Destination, home: string): boolean {
  if (d.cls === 'premium-rate' || d.cls === 'shared-cost') return true;
  if (d.cls === 'internal' || d.cls === 'unknown' || d.country === null) return false;
  return d.country !== home && !rule.countries.includes(d.country);
}

function breaches(rule: AlertRule, value: number | null, enough: boolean): boolean {
  return enough && value !== null && (isBelowRule(rule.kind) ? value < rule.threshold : value > rule.threshold);
}

function observeGroup(rule: AlertRule, f: SourceFacts, base: Base, live: LiveAgg<LiveEntry>, nowMs: number): Observation {
  const t = f.tracker;
  if (!t) return obs(base, null, 0, false);
  const { kind, key } = base;
  const windowMs = rule.windowSec * 1000;
  const attempts = (): AttemptAgg => t.windowKpis(kind, key, windowMs, nowMs);
  const attemptsFrom = nowMs - windowMs;
  switch (rule.kind) {
    case 'mos-below':
    case 'loss-above':
    case 'jitter-above': {
      // The same figures as the KPI strip, computed once per poll for all rules of this group.
      const k = t.liveKpis(kind, key, rule.minSample, nowMs);
      const fig = rule.kind === 'mos-below' ? k.mos : rule.kind === 'loss-above' ? k.loss.p95 : k.jitter.p95;
      const th = rule.threshold;
      const bad = rule.kind === 'mos-below' ? (e: LiveEntry) => Math.min(e.call.mosCaller ?? 5, e.call.mosCalled ?? 5) < th
        : rule.kind === 'loss-above' ? (e: LiveEntry) => Math.max(e.call.lossCaller ?? 0, e.call.lossCalled ?? 0) > th
          : (e: LiveEntry) => Math.max(e.call.jitterCaller ?? 0, e.call.jitterCalled ?? 0) > th;
      return obs(base, fig.value, fig.n, fig.enough, () => (breaches(rule, fig.value, fig.enough) ? take(live.members, (e) => (bad(e) ? e.key : null)) : []));
    }
    case 'rtp-missing': {
      // Judged while the polls were applied (live-agg.ts): answered calls past the RTP grace.
      const badCount = live.oneWay + live.noRtp;
      const eligible = live.rtpJudged;
      return obs(base, badCount, eligible, eligible >= rule.minSample, () =>
        badCount > rule.threshold ? take(live.rtpBad, (e) => e.key) : []);
    }
    case 'asr-below':
    case 'ner-below': {
      const k = attempts().result(rule.minSample);
      const fig = rule.kind === 'asr-below' ? k.asr : k.ner;
      return obs(base, fig.value, fig.n, fig.enough, () => take(t.attemptsOf(kind, key, attemptsFrom), (a) => (a.answered ? null : a.key)));
    }
    case 'sip-code-rate': {
      const w = attempts();
      let hit = 0;
      for (const [code, n] of w.codes) if (matchesCode(rule, code)) hit += n;
      const fig = figure(w.coded ? (hit / w.coded) * 100 : null, w.coded, rule.minSample);
      return obs(base, fig.value, fig.n, fig.enough, () => take(t.attemptsOf(kind, key, attemptsFrom), (a: WindowAttempt) => (a.code !== null && matchesCode(rule, a.code) ? a.key : null)));
    }
    case 'fraud-destination': {
      let bad = 0;
      for (const d of live.dests.values()) if (suspiciousDestination(rule, d.dest, f.homeCountry)) bad += d.n;
      return obs(base, bad, live.size, true, () => take(live.members, (e) => (suspiciousDestination(rule, e.dest, f.homeCountry) ? e.key : null)));
    }
    default:
      return obs(base, null, 0, false);
  }
}

function observeSource(rule: AlertRule, f: SourceFacts, nowMs: number): Observation {
  const base: Base = { kind: 'source', key: f.profileId, label: f.label };
  const t = f.tracker;
  switch (rule.kind) {
    case 'source-down': {
      const since = f.lastOkMs ?? f.sinceMs;
      return obs(base, Math.max(0, (nowMs - since) / 1000), 1, true);
    }
    case 'capture-drops': {
      // Drops per minute between the oldest and newest sample of the rule's window.
      const win = f.drops.filter(([ms]) => ms >= nowMs - rule.windowSec * 1000);
      const first = win[0];
      const last = win[win.length - 1];
      if (!first || !last || last[0] === first[0]) return obs(base, null, win.length, false);
      const rate = Math.max(0, last[1] - first[1]) / ((last[0] - first[0]) / 60_000);
      return obs(base, rate, win.length, win.length >= 2);
    }
    case 'registrations-failed': {
      const r = f.registrations;
      return obs(base, r ? r.failed : null, r ? r.total : 0, r !== null && r.total >= 1);
    }
    case 'concurrent-above': {
      const polled = t !== null && t.lastPollMs !== null;
      // The count of the source's live set: no figures needed.
      const n = polled ? t.sourceAgg.concurrent : 0;
      return obs(base, polled ? n : null, n, polled);
    }
    case 'fraud-burst': {
      // Distinct calls to one number: live now, plus attempts of the window.
      const worst = t ? t.burst(rule.windowSec * 1000, nowMs) : null;
      const keys = worst ? worst.keys.slice(0, MAX_KEYS) : [];
      return obs({ ...base, label: worst ? `${f.label} → ${worst.number}` : f.label }, worst ? worst.size : 0, worst ? worst.size : 0, true, () => keys);
    }
    default:
      // observeGroup returns before reading the set when there is no tracker.
      return t ? observeGroup(rule, f, base, t.sourceAgg, nowMs) : obs(base, null, 0, false);
  }
}

/** Observations of one rule on one source: one for the source, or one per trunk / destination seen. */
export function observe(rule: AlertRule, f: SourceFacts, nowMs: number): Observation[] {
  if (RULE_TRAITS[rule.kind].sourceOnly || rule.groupBy === 'source') return [observeSource(rule, f, nowMs)];
  const t = f.tracker;
  if (!t) return [];
  const out: Observation[] = [];
  for (const g of t.groups(rule.groupBy)) out.push(observeGroup(rule, f, { kind: rule.groupBy, key: g.key, label: `${g.label} (${f.label})` }, g.live, nowMs));
  return out;
}
