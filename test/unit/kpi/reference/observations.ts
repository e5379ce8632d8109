/**
 * REFERENCE for test/unit/kpi/incremental.test.ts: the rule passes over every call as they were
 * before the tracker kept aggregates (one deliberate deviation, marked). Not used by the app.
 *
 * What each alert rule kind measures (docs/KPIS.md, "Alert rules"): for one rule and one source, a
 * value per group (the source, each trunk, each destination), with its sample.
 */
import type { AlertRule, RuleKind } from '../../../../src-main/domain/alerts';
import type { GroupKind } from '../../../../src-main/domain/kpi';
import { attemptKpis, figure } from '../../../../src-main/services/kpi/definitions';
import { observesMedia } from '../../../../src-main/backends/registry';
import type { LiveCallView, LiveKpiTracker, WindowAttempt } from './live-tracker';

export interface Observation {
  kind: GroupKind;
  key: string;
  label: string;
  value: number | null;
  n: number;
  enough: boolean;
  callKeys: string[];
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

/** Rules that read the source as a whole, whatever their groupBy. */
const SOURCE_ONLY: ReadonlySet<RuleKind> = new Set(['source-down', 'capture-drops', 'registrations-failed', 'concurrent-above', 'fraud-burst']);

export function isBelowRule(kind: RuleKind): boolean {
  return kind === 'mos-below' || kind === 'asr-below' || kind === 'ner-below';
}

const MAX_KEYS = 50;

function keysOf(views: readonly { call: { key: string } }[] | readonly { key: string }[]): string[] {
  const out: string[] = [];
  for (const v of views) {
    out.push('call' in v ? v.call.key : v.key);
    if (out.length >= MAX_KEYS) break;
  }
  return out;
}

function matchesCode(rule: AlertRule, code: number): boolean {
  for (const c of rule.codes) {
    if (typeof c === 'number' ? c === code : Math.floor(code / 100) === Number(c[0])) return true;
  }
  return false;
}

function suspiciousDestination(rule: AlertRule, v: LiveCallView, home: string): boolean {
  const d = v.dest;
  if (d.cls === 'premium-rate' || d.cls === 'shared-cost') return true;
  if (d.cls === 'internal' || d.cls === 'unknown' || d.country === null) return false;
  return d.country !== home && !rule.countries.includes(d.country);
}

/** Attempts of a time-ordered list from `fromMs` on. */
function since(attempts: readonly WindowAttempt[], fromMs: number): readonly WindowAttempt[] {
  let lo = 0;
  let hi = attempts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((attempts[mid] as WindowAttempt).atMs < fromMs) lo = mid + 1;
    else hi = mid;
  }
  return lo ? attempts.slice(lo) : attempts;
}

function breaches(rule: AlertRule, value: number | null, enough: boolean): boolean {
  return enough && value !== null && (isBelowRule(rule.kind) ? value < rule.threshold : value > rule.threshold);
}

function observeGroup(rule: AlertRule, f: SourceFacts, kind: GroupKind, key: string, label: string, views: readonly LiveCallView[], attempts: readonly WindowAttempt[], nowMs: number): Observation {
  const base = { kind, key, label };
  const t = f.tracker;
  switch (rule.kind) {
    case 'mos-below':
    case 'loss-above':
    case 'jitter-above': {
      if (!t) return { ...base, value: null, n: 0, enough: false, callKeys: [] };
      // The same figures as the KPI strip, computed once per poll for all rules of this group.
      const live = t.liveKpis(kind, key, rule.minSample, nowMs);
      const fig = rule.kind === 'mos-below' ? live.mos : rule.kind === 'loss-above' ? live.loss.p95 : live.jitter.p95;
      if (!breaches(rule, fig.value, fig.enough)) return { ...base, value: fig.value, n: fig.n, enough: fig.enough, callKeys: [] };
      const worst: string[] = [];
      for (const v of views) {
        const c = v.call;
        const bad = rule.kind === 'mos-below' ? Math.min(c.mosCaller ?? 5, c.mosCalled ?? 5) < rule.threshold
          : rule.kind === 'loss-above' ? Math.max(c.lossCaller ?? 0, c.lossCalled ?? 0) > rule.threshold
            : Math.max(c.jitterCaller ?? 0, c.jitterCalled ?? 0) > rule.threshold;
        if (bad && worst.push(c.key) >= MAX_KEYS) break;
      }
      return { ...base, value: fig.value, n: fig.n, enough: fig.enough, callKeys: worst };
    }
    case 'rtp-missing': {
      // Counted while the poll was ingested (LiveAgg); the calls are looked up only when it breaches.
      let eligible = 0;
      let bad = 0;
      if (t) {
        const live = t.liveKpis(kind, key, 1, nowMs);
        bad = live.oneWayRtp + live.noRtp;
      }
      const keys: string[] = [];
      for (const v of views) {
        if (!v.answered || !observesMedia(v.call.source) || v.upMs === null || v.upMs < 5000) continue;
        eligible++;
        if (bad > rule.threshold && keys.length < MAX_KEYS && (v.call.mosCaller === null || v.call.mosCalled === null)) keys.push(v.call.key);
      }
      return { ...base, value: bad, n: eligible, enough: eligible >= rule.minSample, callKeys: keys };
    }
    case 'asr-below':
    case 'ner-below': {
      const k = attemptKpis(attempts as WindowAttempt[], rule.minSample);
      const fig = rule.kind === 'asr-below' ? k.asr : k.ner;
      return { ...base, value: fig.value, n: fig.n, enough: fig.enough, callKeys: keysOf(attempts.filter((a) => !a.answered)) };
    }
    case 'sip-code-rate': {
      let den = 0;
      const hit: WindowAttempt[] = [];
      for (const a of attempts) {
        if (a.code === null) continue;
        den++;
        if (matchesCode(rule, a.code)) hit.push(a);
      }
      const fig = figure(den ? (hit.length / den) * 100 : null, den, rule.minSample);
      return { ...base, ...fig, callKeys: keysOf(hit) };
    }
    case 'fraud-destination': {
      const pool = kind === 'source' && t ? t.externalViews() : views;
      const bad = (pool as LiveCallView[]).filter((v) => suspiciousDestination(rule, v, f.homeCountry));
      return { ...base, value: bad.length, n: views.length, enough: true, callKeys: keysOf(bad) };
    }
    default:
      return { ...base, value: null, n: 0, enough: false, callKeys: [] };
  }
}

function observeSource(rule: AlertRule, f: SourceFacts, nowMs: number): Observation {
  const base = { kind: 'source' as const, key: f.profileId, label: f.label };
  const t = f.tracker;
  switch (rule.kind) {
    case 'source-down': {
      const since = f.lastOkMs ?? f.sinceMs;
      return { ...base, value: Math.max(0, (nowMs - since) / 1000), n: 1, enough: true, callKeys: [] };
    }
    case 'capture-drops': {
      // Drops per minute between the oldest and newest sample of the rule's window.
      const win = f.drops.filter(([ms]) => ms >= nowMs - rule.windowSec * 1000);
      const first = win[0];
      const last = win[win.length - 1];
      if (!first || !last || last[0] === first[0]) return { ...base, value: null, n: win.length, enough: false, callKeys: [] };
      const rate = Math.max(0, last[1] - first[1]) / ((last[0] - first[0]) / 60_000);
      return { ...base, value: rate, n: win.length, enough: win.length >= 2, callKeys: [] };
    }
    case 'registrations-failed': {
      const r = f.registrations;
      return { ...base, value: r ? r.failed : null, n: r ? r.total : 0, enough: r !== null && r.total >= 1, callKeys: [] };
    }
    case 'concurrent-above': {
      const n = t && t.lastPollMs !== null ? t.liveKpis('source', f.profileId, 1, nowMs).concurrent : 0;
      return { ...base, value: t && t.lastPollMs !== null ? n : null, n, enough: t !== null && t.lastPollMs !== null, callKeys: [] };
    }
    case 'fraud-burst': {
      // Distinct calls to one number: live now, plus attempts of the window.
      const byNumber = new Map<string, Set<string>>();
      const add = (num: string, key: string) => {
        let s = byNumber.get(num);
        if (!s) byNumber.set(num, (s = new Set()));
        s.add(key);
      };
      for (const v of t ? t.externalViews() : []) add(v.dest.normalized ?? v.call.called, v.call.key);
      for (const a of t ? t.attemptsSince(nowMs - rule.windowSec * 1000) : []) if (a.dest.cls !== 'internal') add(a.dest.normalized ?? '', a.key);
      let worst: [string, Set<string>] | null = null;
      // Deliberate deviation: ties go to the smallest number (the incremental index's stable choice).
      for (const e of byNumber) if (e[0] && (!worst || e[1].size > worst[1].size || (e[1].size === worst[1].size && e[0] < worst[0]))) worst = e;
      return { ...base, label: worst ? `${f.label} → ${worst[0]}` : f.label, value: worst ? worst[1].size : 0, n: worst ? worst[1].size : 0, enough: true, callKeys: worst ? [...worst[1]].slice(0, MAX_KEYS) : [] };
    }
    default: {
      const views = t ? t.liveViews() : [];
      const attempts = t ? t.attemptsSince(nowMs - rule.windowSec * 1000) : [];
      return observeGroup(rule, f, 'source', f.profileId, f.label, views, attempts, nowMs);
    }
  }
}

/** Observations of one rule on one source: one for the source, or one per trunk / destination seen. */
export function observe(rule: AlertRule, f: SourceFacts, nowMs: number): Observation[] {
  if (SOURCE_ONLY.has(rule.kind) || rule.groupBy === 'source') return [observeSource(rule, f, nowMs)];
  const t = f.tracker;
  if (!t) return [];
  const from = nowMs - rule.windowSec * 1000;
  const out: Observation[] = [];
  for (const [key, g] of t.partition(rule.groupBy)) out.push(observeGroup(rule, f, rule.groupBy, key, `${g.label} (${f.label})`, g.views, since(g.attempts, from), nowMs));
  return out;
}
