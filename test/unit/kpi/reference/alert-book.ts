/** REFERENCE for test/unit/kpi/incremental.test.ts: the alert book before tracks were kept per rule and profile. Not used by the app. */
/**
 * Open, acknowledged and cleared alerts, and the state machine that keeps them from flapping: a
 * breach must hold `forSec` before an alert opens, and the figure must stay past `clearThreshold`
 * (hysteresis) for `clearForSec` before it clears. A figure below its minimum sample is never a
 * breach; for an open alert it counts as back to normal (no evidence of the problem any more).
 */
import { SEVERITY_RANK, type Alert, type AlertRule, type AlertsSummary, type Severity } from '../../../../src-main/domain/alerts';
import { isBelowRule, type Observation } from './observations';

interface Track {
  phase: 'ok' | 'pending' | 'open' | 'clearing';
  since: number;
  alert: Alert | null;
  seenAt: number;
}

export interface AlertChange {
  alert: Alert;
  /** What happened: opened, cleared, acknowledged, or the figure moved. */
  change: 'opened' | 'cleared' | 'acknowledged' | 'updated';
}

const UNITS: Partial<Record<AlertRule['kind'], string>> = {
  'loss-above': ' %', 'jitter-above': ' ms', 'asr-below': ' %', 'ner-below': ' %', 'sip-code-rate': ' %', 'source-down': ' s', 'capture-drops': '/min',
};
const WHAT: Record<AlertRule['kind'], string> = {
  'mos-below': 'MOS', 'loss-above': 'packet loss (p95)', 'jitter-above': 'jitter (p95)', 'rtp-missing': 'calls with one-way or no RTP',
  'asr-below': 'ASR', 'ner-below': 'NER', 'sip-code-rate': 'rate of the watched SIP codes', 'concurrent-above': 'concurrent calls',
  'source-down': 'seconds without a successful poll', 'capture-drops': 'capture drops', 'registrations-failed': 'failed registrations',
  'fraud-destination': 'calls to premium-rate or unexpected countries', 'fraud-burst': 'calls to one number',
};

function fmt(v: number | null): string {
  if (v === null) return '—';
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1);
}

export function alertMessage(rule: AlertRule, o: Observation): string {
  const dir = isBelowRule(rule.kind) ? 'below' : 'above';
  return `${o.label}: ${WHAT[rule.kind]} ${fmt(o.value)}${UNITS[rule.kind] ?? ''} ${dir} ${fmt(rule.threshold)}${UNITS[rule.kind] ?? ''} (n = ${o.n}).`;
}

const MAX_CLEARED = 300;

export class AlertBook {
  private tracks = new Map<string, Track>();
  private cleared: Alert[] = [];

  /** Applies one evaluation of `rule` on `profileId`; returns what changed. */
  observe(rule: AlertRule, profileId: string, observations: readonly Observation[], nowMs: number): AlertChange[] {
    const changes: AlertChange[] = [];
    const below = isBelowRule(rule.kind);
    const clearAt = rule.clearThreshold ?? rule.threshold;
    const seen = new Set<string>();
    for (const o of observations) {
      const id = `${rule.id}|${profileId}|${o.kind}:${o.key}`;
      seen.add(id);
      let t = this.tracks.get(id);
      if (!t) this.tracks.set(id, (t = { phase: 'ok', since: nowMs, alert: null, seenAt: nowMs }));
      t.seenAt = nowMs;
      const v = o.value;
      const breach = o.enough && v !== null && (below ? v < rule.threshold : v > rule.threshold);
      const recovered = !o.enough || v === null || (below ? v >= clearAt : v <= clearAt);
      switch (t.phase) {
        case 'ok':
          if (breach) {
            t.phase = 'pending';
            t.since = nowMs;
          }
          break;
        case 'pending':
          if (!breach) t.phase = 'ok';
          break;
        case 'open':
          if (recovered) {
            t.phase = 'clearing';
            t.since = nowMs;
          }
          break;
        case 'clearing':
          if (!recovered) t.phase = 'open';
          break;
      }
      if (t.phase === 'pending' && nowMs - t.since >= rule.forSec * 1000) {
        t.phase = 'open';
        t.alert = {
          id: `${id}|${nowMs}`, ruleId: rule.id, ruleName: rule.name, kind: rule.kind, severity: rule.severity, profileId,
          group: { kind: o.kind, key: o.key, label: o.label }, state: 'open', message: alertMessage(rule, o), value: v, threshold: rule.threshold, n: o.n,
          openedAt: new Date(nowMs).toISOString(), lastValueAt: new Date(nowMs).toISOString(), clearedAt: null, ackBy: null, ackAt: null, callKeys: o.callKeys,
        };
        changes.push({ alert: t.alert, change: 'opened' });
        continue;
      }
      if (t.phase === 'clearing' && nowMs - t.since >= rule.clearForSec * 1000 && t.alert) {
        changes.push({ alert: this.clear(t, nowMs), change: 'cleared' });
        continue;
      }
      if (t.alert && (t.phase === 'open' || t.phase === 'clearing') && breach && (t.alert.value !== v || t.alert.n !== o.n)) {
        // Keep the figure current while it is still bad (not while it recovers: the message says why it opened).
        Object.assign(t.alert, { value: v, n: o.n, message: alertMessage(rule, o), lastValueAt: new Date(nowMs).toISOString(), callKeys: o.callKeys });
        changes.push({ alert: t.alert, change: 'updated' });
      }
    }
    // Groups that vanished (a trunk without calls): no evidence any more, clear after clearForSec.
    for (const [id, t] of this.tracks) {
      if (seen.has(id) || !id.startsWith(`${rule.id}|${profileId}|`)) continue;
      if (t.phase === 'pending' || t.phase === 'ok') {
        this.tracks.delete(id);
      } else if (t.phase === 'open') {
        t.phase = 'clearing';
        t.since = nowMs;
      } else if (t.phase === 'clearing' && nowMs - t.since >= rule.clearForSec * 1000 && t.alert) {
        changes.push({ alert: this.clear(t, nowMs), change: 'cleared' });
        this.tracks.delete(id);
      }
    }
    return changes;
  }

  private clear(t: Track, nowMs: number): Alert {
    const a = t.alert as Alert;
    a.state = 'cleared';
    a.clearedAt = new Date(nowMs).toISOString();
    t.alert = null;
    t.phase = 'ok';
    this.cleared.unshift(a);
    if (this.cleared.length > MAX_CLEARED) this.cleared.length = MAX_CLEARED;
    return a;
  }

  /** Drops every track of rules that no longer exist (settings changed); their open alerts clear. */
  retain(ruleIds: ReadonlySet<string>, nowMs: number): AlertChange[] {
    const out: AlertChange[] = [];
    for (const [id, t] of this.tracks) {
      if (ruleIds.has(id.slice(0, id.indexOf('|')))) continue;
      if (t.alert) out.push({ alert: this.clear(t, nowMs), change: 'cleared' });
      this.tracks.delete(id);
    }
    return out;
  }

  /** A source nobody polls any more (its window closed): its alerts clear now, they cannot be judged. */
  dropProfile(profileId: string, nowMs: number): AlertChange[] {
    const out: AlertChange[] = [];
    for (const [id, t] of this.tracks) {
      if (id.split('|')[1] !== profileId) continue;
      if (t.alert) out.push({ alert: this.clear(t, nowMs), change: 'cleared' });
      this.tracks.delete(id);
    }
    return out;
  }

  open(): Alert[] {
    const out: Alert[] = [];
    for (const t of this.tracks.values()) if (t.alert) out.push(t.alert);
    return out.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.openedAt.localeCompare(a.openedAt));
  }

  all(): Alert[] {
    return [...this.open(), ...this.cleared];
  }

  find(id: string): Alert | null {
    return this.all().find((a) => a.id === id) ?? null;
  }

  summary(): AlertsSummary {
    let worst: Severity | null = null;
    let unack = 0;
    const open = this.open();
    for (const a of open) {
      if (!worst || SEVERITY_RANK[a.severity] > SEVERITY_RANK[worst]) worst = a.severity;
      if (a.state === 'open') unack++;
    }
    return { open: open.length, unacknowledged: unack, worst };
  }
}
