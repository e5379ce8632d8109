/** Audit: who did what, from this workstation, newest first; read-only. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ResponseOf, RequestOf } from '../../../src-main/ipc/contract';
import { VirtualTable, type Column } from '../components/VirtualTable';
import { Dialog } from '../components/Dialog';
import { bridge, unwrap, messageOf } from '../api';
import { useZone } from '../stores/display';
import { formatTime, inputZone, isoInZone, plural, timeHeader, wallToMs, type DisplayZone } from '../../../src-shared/time-format';
import { AUDIT_SORT_COLUMNS, sortAudit, type AuditSort, type AuditSortColumn } from '../../../src-shared/audit-sort';
import { useNotices } from '../stores/notices';

type AuditRecord = ResponseOf<'audit:list'>['records'][number];
type Action = NonNullable<RequestOf<'audit:list'>['action']>;
const ACTIONS: Action[] = ['originate', 'hangup', 'link-copy', 'ticket-copy', 'link-open', 'manager-file', 'alert-ack', 'profile-change', 'trust-accept'];

const dash = (v: string | number | null) => (v === null || v === '' ? <span className="muted">–</span> : String(v));

const auditColumns = (dz: DisplayZone): Column<AuditRecord>[] =>
  (
  [
  { id: 'time', sortable: true, header: timeHeader('Time', dz, 'this computer'), width: 200, cell: (r) => <span className="mono" title={r.time}>{formatTime(r.time, dz)}</span> },
  { id: 'action', sortable: true, header: 'Action', width: 100, cell: (r) => r.action },
  { id: 'phase', sortable: true, header: 'Phase', width: 70, cell: (r) => r.phase },
  { id: 'decision', sortable: true, header: 'Decision', width: 80, cell: (r) => <span className={r.decision === 'refused' ? 'error' : ''}>{r.decision}</span> },
  { id: 'outcome', sortable: true, header: 'Outcome', width: 80, cell: (r) => <span className={r.outcome === 'failed' ? 'error' : r.outcome === 'ok' ? 'ok-text' : ''}>{dash(r.outcome)}</span> },
  { id: 'profile', sortable: true, header: 'Profile', width: 110, cell: (r) => r.profileId },
  { id: 'target', sortable: true, header: 'Target', width: 220, cell: (r) => <span className="mono">{dash(r.target)}</span> },
  { id: 'user', sortable: true, header: 'User', width: 90, cell: (r) => r.osUser },
  { id: 'code', sortable: true, header: 'PBX code', width: 70, cell: (r) => dash(r.pbxCode) },
  // Reasons are sentences: the cell shows the start, the tooltip and the record's panel (Enter) all of it.
  { id: 'reason', sortable: true, header: 'Reason', width: 360, cell: (r) => <span title={r.reason ?? undefined}>{dash(r.reason)}</span> },
] as Column<AuditRecord>[]
  ).map((c) => ({ ...c, width: Math.max(c.width, c.header.length * 8 + 44) }))

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
  const [sort, setSort] = useState<AuditSort>({ column: 'time', desc: true });
  const [open, setOpen] = useState<AuditRecord | null>(null);
  const [exporting, setExporting] = useState(false);
  const notices = useNotices();
  const sorted = useMemo(() => sortAudit(rows, sort), [rows, sort]);
  const keyOf = (r: AuditRecord) => `${r.attemptId}:${r.phase}:${r.time}`;

  /** The filter of the rows on screen: the list and the export ask main with the same one. */
  const filter = useCallback((): RequestOf<'audit:list'> => {
    const sinceMs = since ? wallToMs(since, inputZone(zone)) : null;
    const sinceIso = sinceMs === null ? undefined : isoInZone(sinceMs, 'UTC');
    const req: RequestOf<'audit:list'> = { limit: 5000 };
    if (action) req.action = action;
    if (profileId.trim()) req.profileId = profileId.trim().slice(0, 64);
    if (text.trim()) req.text = text.trim().slice(0, 200);
    if (sinceIso) req.since = sinceIso;
    return req;
  }, [action, profileId, text, since, zone]);

  const exportAs = async (format: 'csv' | 'json') => {
    setExporting(true);
    try {
      const r = await unwrap(bridge().audit.export({ filter: filter(), sort, format }));
      if (!r.cancelled) notices.info(`Exported ${plural(r.rows, 'audit record')} to ${r.path ?? 'the file'}.`);
    } catch (e) {
      notices.error(`Export failed: ${messageOf(e)}`);
    } finally {
      setExporting(false);
    }
  };

  const refresh = useCallback(async () => {
    setLoading(true);
    try {
      const r = await unwrap(bridge().audit.list(filter()));
      setRows(r.records);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoading(false);
    }
  }, [filter]);

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
          {plural(rows.length, 'record')}
        </span>
        <button type="button" onClick={() => void exportAs('csv')} disabled={exporting || rows.length === 0} data-testid="audit-export-csv" title="Main writes the records shown (filter and sort applied) to a CSV file you choose">
          Export CSV
        </button>
        <button type="button" onClick={() => void exportAs('json')} disabled={exporting || rows.length === 0} data-testid="audit-export-json" title="Main writes the records shown (filter and sort applied) to a JSON file you choose">
          Export JSON
        </button>
      </div>
      {error && (
        <div className="error-box" role="alert">
          {error}
        </div>
      )}
      <VirtualTable
        rows={sorted}
        columns={columns}
        rowKey={keyOf}
        selectedKey={selected}
        onSelect={setSelected}
        sort={sort}
        onSort={(c) => {
          const column = AUDIT_SORT_COLUMNS.find((x) => x === c) as AuditSortColumn | undefined;
          if (column) setSort((s) => (s.column === column ? { column, desc: !s.desc } : { column, desc: column === 'time' }));
        }}
        onOpen={(k) => setOpen(sorted.find((r) => keyOf(r) === k) ?? null)}
        label="Audit log"
        testId="audit-table"
        rowTestId={(r) => `audit-row-${r.action}-${r.phase}`}
        emptyText="No audit records match."
      />
      <p className="hint">↑/↓ select, Enter shows the whole record (the full reason), Esc closes; click a header to sort.</p>
      <Dialog title="Audit record" open={open !== null} onClose={() => setOpen(null)} testId="audit-record">
        {open && (
          <dl className="kv">
            {(
              [
                [timeHeader('Time', zone, 'this computer'), formatTime(open.time, zone)],
                ['Action', open.action],
                ['Phase', open.phase],
                ['Decision', open.decision],
                ['Outcome', open.outcome],
                ['Profile', open.profileId],
                ['Target', open.target],
                ['User', open.osUser],
                ['PBX code', open.pbxCode],
                ['Reason', open.reason],
              ] as [string, string | number | null][]
            ).map(([k, v]) => (
              <div key={k} className="kv-row">
                <dt>{k}</dt>
                <dd className="audit-value">{v === null || v === '' ? '–' : String(v)}</dd>
              </div>
            ))}
          </dl>
        )}
      </Dialog>
    </div>
  );
}
