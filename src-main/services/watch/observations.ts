/**
 * What each alert rule kind measures (docs/KPIS.md, "Alert rules"): for one rule and one source, a
 * value per group (the source, each trunk, each destination), with its sample.
 */
import type { AlertRule, RuleKind } from '../../domain/alerts';
import type { GroupKind } from '../../domain/kpi';
import { attemptKpis, figure } from '../kpi/definitions';
import { liveSetKpis, type LiveCallView, type LiveKpiTracker, type WindowAttempt } from '../kpi/live-tracker';

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

function observeGroup(rule: AlertRule, f: SourceFacts, kind: GroupKind, key: string, label: string, views: LiveCallView[], attempts: WindowAttempt[], nowMs: number): Observation {
  const base = { kind, key, label };
  const t = f.tracker;
  const watched = t ? t.watchedMs(nowMs) : 0;
  switch (rule.kind) {
    case 'mos-below':
    case 'loss-above':
    case 'jitter-above': {
      const live = liveSetKpis(views, rule.minSample, watched, 0);
      const fig = rule.kind === 'mos-below' ? live.mos : rule.kind === 'loss-above' ? live.loss.p95 : live.jitter.p95;
      const worst = views.filter((v) => {
        const c = v.call;
        if (rule.kind === 'mos-below') return Math.min(c.mosCaller ?? 5, c.mosCalled ?? 5) < rule.threshold;
        if (rule.kind === 'loss-above') return Math.max(c.lossCaller ?? 0, c.lossCalled ?? 0) > rule.threshold;
        return Math.max(c.jitterCaller ?? 0, c.jitterCalled ?? 0) > rule.threshold;
      });
      return { ...base, value: fig.value, n: fig.n, enough: fig.enough, callKeys: keysOf(worst) };
    }
    case 'rtp-missing': {
      const bad: LiveCallView[] = [];
      let eligible = 0;
      for (const v of views) {
        if (!v.answered || v.call.source !== 'voipmonitor' || v.upMs === null || v.upMs < 5000) continue;
        eligible++;
        if (v.call.mosCaller === null || v.call.mosCalled === null) bad.push(v);
      }
      return { ...base, value: bad.length, n: eligible, enough: eligible >= rule.minSample, callKeys: keysOf(bad) };
    }
    case 'asr-below':
    case 'ner-below': {
      const k = attemptKpis(attempts, rule.minSample);
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
      const bad = views.filter((v) => suspiciousDestination(rule, v, f.homeCountry));
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
      const views = t ? t.liveViews() : [];
      let n = 0;
      for (const v of views) if (v.call.state !== 'failed' && !(v.call.lastSipResponse !== null && v.call.lastSipResponse >= 300)) n++;
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
      for (const v of t ? t.liveViews() : []) if (v.dest.cls !== 'internal') add(v.dest.normalized ?? v.call.called, v.call.key);
      for (const a of t ? t.attemptsSince(nowMs - rule.windowSec * 1000) : []) if (a.dest.cls !== 'internal') add(a.dest.normalized ?? '', a.key);
      let worst: [string, Set<string>] | null = null;
      for (const e of byNumber) if (e[0] && (!worst || e[1].size > worst[1].size)) worst = e;
      return { ...base, label: worst ? `${f.label} → ${worst[0]}` : f.label, value: worst ? worst[1].size : 0, n: worst ? worst[1].size : 0, enough: true, callKeys: worst ? [...worst[1]].slice(0, MAX_KEYS) : [] };
    }
    default: {
      const views = t ? t.liveViews() : [];
      const attempts = t ? t.attemptsSince(nowMs - rule.windowSec * 1000) : [];
      return observeGroup(rule, f, 'source', f.profileId, f.label, views as LiveCallView[], attempts, nowMs);
    }
  }
}

/** Observations of one rule on one source: one for the source, or one per trunk / destination seen. */
export function observe(rule: AlertRule, f: SourceFacts, nowMs: number): Observation[] {
  if (SOURCE_ONLY.has(rule.kind) || rule.groupBy === 'source') return [observeSource(rule, f, nowMs)];
  const t = f.tracker;
  if (!t) return [];
  const views = new Map<string, { label: string; v: LiveCallView[]; a: WindowAttempt[] }>();
  const slot = (key: string, label: string) => {
    let s = views.get(key);
    if (!s) views.set(key, (s = { label, v: [], a: [] }));
    return s;
  };
  for (const v of t.liveViews()) {
    if (rule.groupBy === 'trunk') {
      if (v.trunk) slot(v.trunk, v.trunk).v.push(v);
    } else slot(v.dest.key, v.dest.label).v.push(v);
  }
  for (const a of t.attemptsSince(nowMs - rule.windowSec * 1000)) {
    if (rule.groupBy === 'trunk') {
      if (a.trunk) slot(a.trunk, a.trunk).a.push(a);
    } else slot(a.dest.key, a.dest.label).a.push(a);
  }
  const out: Observation[] = [];
  for (const [key, s] of views) out.push(observeGroup(rule, f, rule.groupBy, key, `${s.label} (${f.label})`, s.v, s.a, nowMs));
  return out;
}
