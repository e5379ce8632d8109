/** Audit (issue 6 / 8): who did what, from this workstation, newest first; read-only. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ResponseOf, RequestOf } from '../../../src-main/ipc/contract';
import { VirtualTable, type Column } from '../components/VirtualTable';
import { bridge, unwrap, messageOf } from '../api';
import { useZone } from '../stores/display';
import { formatTime, inputZone, isoInZone, timeHeader, wallToMs, type DisplayZone } from '../../../src-shared/time-format';

type AuditRecord = ResponseOf<'audit:list'>['records'][number];
type Action = NonNullable<RequestOf<'audit:list'>['action']>;
const ACTIONS: Action[] = ['originate', 'hangup', 'link-copy', 'ticket-copy', 'link-open', 'manager-file', 'alert-ack', 'profile-change', 'trust-accept'];

const dash = (v: string | number | null) => (v === null || v === '' ? <span className="muted">–</span> : String(v));

const auditColumns = (dz: DisplayZone): Column<AuditRecord>[] => [
  { id: 'time', header: timeHeader('Time', dz, 'this computer'), width: 200, cell: (r) => <span className="mono" title={r.time}>{formatTime(r.time, dz)}</span> },
  { id: 'action', header: 'Action', width: 100, cell: (r) => r.action },
  { id: 'phase', header: 'Phase', width: 70, cell: (r) => r.phase },
  { id: 'decision', header: 'Decision', width: 80, cell: (r) => <span className={r.decision === 'refused' ? 'error' : ''}>{r.decision}</span> },
  { id: 'outcome', header: 'Outcome', width: 80, cell: (r) => <span className={r.outcome === 'failed' ? 'error' : r.outcome === 'ok' ? 'ok-text' : ''}>{dash(r.outcome)}</span> },
  { id: 'profile', header: 'Profile', width: 110, cell: (r) => r.profileId },
  { id: 'target', header: 'Target', width: 220, cell: (r) => <span className="mono">{dash(r.target)}</span> },
  { id: 'user', header: 'User', width: 90, cell: (r) => r.osUser },
  { id: 'code', header: 'PBX code', width: 70, cell: (r) => dash(r.pbxCode) },
  { id: 'reason', header: 'Reason', width: 240, cell: (r) => dash(r.reason) },
];

export function AuditView() {
  const [action, setAction] = useState<Action | ''>('');
  const [profileId, setProfileId] = useState('');
  const [text, setText] = useState('');
  const [since, setSince] = useState('');
  const [rows, setRows] = useState<AuditRecord[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const zone = useZone();
  const columns = useMemo(() => auditColumns(zone), [zone]);

  const refresh = useCallback(async () => {
    setLoading(true);
    try {
      const sinceMs = since ? wallToMs(since, inputZone(zone)) : null;
      const sinceIso = sinceMs === null ? undefined : isoInZone(sinceMs, 'UTC');
      const req: RequestOf<'audit:list'> = { limit: 5000 };
      if (action) req.action = action;
      if (profileId.trim()) req.profileId = profileId.trim().slice(0, 64);
      if (text.trim()) req.text = text.trim().slice(0, 200);
      if (sinceIso) req.since = sinceIso;
      const r = await unwrap(bridge().audit.list(req));
      setRows(r.records);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoading(false);
    }
  }, [action, profileId, text, since, zone]);

  useEffect(() => {
    const t = window.setTimeout(() => void refresh(), 200);
    return () => window.clearTimeout(t);
  }, [refresh]);

  return (
    <div className="view" data-testid="view-audit">
      <div className="toolbar">
        <h1>Audit</h1>
        <label htmlFor="audit-action" className="sr-only">
          Action
        </label>
        <select id="audit-action" value={action} onChange={(e) => setAction(e.target.value as Action | '')} data-testid="audit-action">
          <option value="">All actions</option>
          {ACTIONS.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        <label htmlFor="audit-profile" className="sr-only">
          Profile
        </label>
        <input id="audit-profile" type="search" placeholder="Profile id" value={profileId} onChange={(e) => setProfileId(e.target.value)} data-testid="audit-profile" />
        <label htmlFor="audit-text" className="sr-only">
          Text
        </label>
        <input id="audit-text" type="search" placeholder="Number, Call-ID, reason…" value={text} onChange={(e) => setText(e.target.value)} data-testid="audit-text" />
        <label htmlFor="audit-since">Since</label>
        <input id="audit-since" type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} data-testid="audit-since" />
        <button type="button" onClick={() => void refresh()} disabled={loading} data-testid="audit-refresh">
          {loading ? 'Loading…' : 'Refresh'}
        </button>
        <span className="spacer" />
        <span className="count" data-testid="audit-count">
          {rows.length} records, newest first
        </span>
      </div>
      {error && (
        <div className="error-box" role="alert">
          {error}
        </div>
      )}
      <VirtualTable
        rows={rows}
        columns={columns}
        rowKey={(r) => `${r.attemptId}:${r.phase}:${r.time}`}
        selectedKey={selected}
        onSelect={setSelected}
        label="Audit log"
        testId="audit-table"
        rowTestId={(r) => `audit-row-${r.action}-${r.phase}`}
        emptyText="No audit records match."
      />
    </div>
  );
}
