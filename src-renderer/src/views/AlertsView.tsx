/** NOC watch alerts: open, acknowledged and cleared, who acknowledged and when; opens the calls behind one. */
import { useEffect, useMemo, useState } from 'react';
import { RulesPanel } from '../components/RulesPanel';
import type { Alert } from '../../../src-main/domain/alerts';
import { useAlerts } from '../stores/alerts';
import { useLive } from '../stores/live';
import { useNav } from '../stores/nav';
import { useNotices } from '../stores/notices';
import { useZone } from '../stores/display';
import { formatTime, timeHeader } from '../../../src-shared/time-format';

type Filter = 'open' | 'acknowledged' | 'cleared' | 'all';

const FILTERS: Filter[] = ['open', 'acknowledged', 'cleared', 'all'];

/** Opens what is behind an alert: its calls in the live table (watching its source if needed). */
export function openBehind(a: Alert): void {
  const live = useLive.getState();
  if (!live.watched.includes(a.profileId)) live.setWatched([...live.watched, a.profileId]);
  const key = a.callKeys.find((k) => live.rows.has(k)) ?? a.callKeys[0] ?? null;
  live.select(key);
  useNav.getState().go('live');
  if (!key && a.callKeys.length) useNotices.getState().info(`${a.group.label}: no call is listed behind this alert any more; showing the live calls of ${a.profileId}.`);
}

export function AlertsView() {
  const alerts = useAlerts((s) => s.alerts);
  const summary = useAlerts((s) => s.summary);
  const focusId = useAlerts((s) => s.focusId);
  const acknowledge = useAlerts((s) => s.acknowledge);
  const [filter, setFilter] = useState<Filter>('open');
  const [editing, setEditing] = useState(false);
  const zone = useZone();

  useEffect(() => {
    if (focusId) setFilter('all');
  }, [focusId]);

  const rows = useMemo(() => (filter === 'all' ? alerts : alerts.filter((a) => a.state === filter)), [alerts, filter]);
  const counts = useMemo(() => {
    const c: Record<Filter, number> = { open: 0, acknowledged: 0, cleared: 0, all: alerts.length };
    for (const a of alerts) c[a.state]++;
    return c;
  }, [alerts]);

  return (
    <div className="view" data-testid="view-alerts">
      <div className="toolbar">
        <h1>Alerts</h1>
        <div role="tablist" aria-label="Alert state" className="seg">
          {FILTERS.map((f) => (
            <button key={f} type="button" role="tab" aria-selected={filter === f} className={filter === f ? 'active' : ''} onClick={() => setFilter(f)} data-testid={`alerts-filter-${f}`}>
              {f} ({counts[f]})
            </button>
          ))}
        </div>
        <button type="button" onClick={() => setEditing((v) => !v)} aria-expanded={editing} data-testid="rules-edit">
          Rules…
        </button>
        <span className="spacer" />
        <span className="count" data-testid="alerts-summary">
          {summary.open ? `${summary.open} open (${summary.unacknowledged} not acknowledged), worst: ${summary.worst}` : 'No open alerts'}
        </span>
      </div>
      {editing && <RulesPanel onClose={() => setEditing(false)} />}
      <div className="table-scroll">
        <table className="alerts-table" data-testid="alerts-table">
          <thead>
            <tr>
              <th>Severity</th>
              <th>State</th>
              <th>Rule</th>
              <th>What</th>
              <th>{timeHeader('Opened', zone, 'this computer')}</th>
              <th>Acknowledged</th>
              <th>Cleared</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id} className={`sev-${a.severity}${a.id === focusId ? ' focused' : ''}`} data-testid="alert-row" data-alert-id={a.id} data-state={a.state}>
                <td>
                  <span className={`badge sev sev-${a.severity}`}>{a.severity}</span>
                </td>
                <td data-testid="alert-state">{a.state}</td>
                <td>{a.ruleName}</td>
                <td data-testid="alert-message">{a.message}</td>
                <td className="mono">{formatTime(a.openedAt, zone)}</td>
                <td data-testid="alert-ack">{a.ackBy ? `${a.ackBy}, ${formatTime(a.ackAt, zone)}` : <span className="muted">–</span>}</td>
                <td className="mono">{a.clearedAt ? formatTime(a.clearedAt, zone) : <span className="muted">–</span>}</td>
                <td className="actions">
                  {a.state === 'open' && (
                    <button type="button" onClick={() => void acknowledge(a.id)} data-testid="alert-acknowledge">
                      Acknowledge
                    </button>
                  )}
                  <button type="button" onClick={() => openBehind(a)} data-testid="alert-open" title={a.callKeys.length ? `${a.callKeys.length} calls behind this alert` : 'Show the live calls of this source'}>
                    {a.group.kind === 'trunk' ? 'Open trunk calls' : 'Open calls'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!rows.length && <p className="muted empty" data-testid="alerts-empty">{filter === 'open' ? 'No open alerts. Alert rules are set with "Rules…".' : `No ${filter} alerts.`}</p>}
      </div>
    </div>
  );
}
