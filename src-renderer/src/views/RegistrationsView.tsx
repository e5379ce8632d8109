/** SIP registrations seen by the sensors (`live:registrations`), filterable. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { kindsWith, profilesWith, useProfiles } from '../stores/profiles';
import { VirtualTable, type Column } from '../components/VirtualTable';
import { liveBridge, type Registration } from '../lib/live-bridge';
import { messageOf } from '../api';
import { sourceZoneOf, useZone } from '../stores/display';
import { formatCount, formatDuration, formatTime, plural, zoneLabel, type DisplayZone } from '../../../src-shared/time-format';
import { sortByColumn, type SortKey, type SortSpec } from '../../../src-shared/sort-rows';

const STATES = ['OK', 'Failed', 'UnknownMessageOK', 'ManyRegMessages', 'Expired', 'Unregister'];
const t = (v: string | number | null) => (v === null || v === '' ? <span className="muted">–</span> : String(v));
const ipPort = (ip: string | null, port: number | null) => (ip ? `${ip}${port ? `:${port}` : ''}` : '–');

const EXPIRED = new Set(['Expired', 'Unregister']);

/** An expired or unregistered binding has no time left, whatever the sensor's last expiry said. */
function expiresIn(r: Registration, dz: DisplayZone): string {
  const at = r.expiresAt ? formatTime(r.expiresAt, dz, sourceZoneOf(r.sensor)) : null;
  if (EXPIRED.has(r.state)) return at ? `expired (${at})` : 'expired';
  if (r.expiresSec !== null) return `in ${formatDuration(r.expiresSec)}`;
  return at ?? '–';
}

type RegSortColumn = 'sensor' | 'state' | 'user' | 'domain' | 'contact' | 'ua' | 'expires' | 'lastChange' | 'client' | 'server' | 'rrd';
const SORT: Record<RegSortColumn, (r: Registration) => SortKey> = {
  sensor: (r) => r.sensor,
  state: (r) => r.state,
  user: (r) => r.user,
  domain: (r) => r.domain,
  contact: (r) => r.contactNum,
  ua: (r) => r.userAgent,
  expires: (r) => (EXPIRED.has(r.state) ? -1 : r.expiresSec),
  lastChange: (r) => (r.lastChange ? Date.parse(r.lastChange) : null),
  client: (r) => r.clientIp,
  server: (r) => r.serverIp,
  rrd: (r) => r.responseMs,
};

/** Rows from two sensors with the same user are different bindings: the sensor comes first so they never look like duplicates. */
function regColumns(dz: DisplayZone): Column<Registration>[] {
  return [
    { id: 'sensor', header: 'Sensor', width: 110, sortable: true, cell: (r) => r.sensor },
    { id: 'state', header: 'State', width: 120, sortable: true, cell: (r) => <span className={`reg-state reg-${r.state === 'OK' ? 'ok' : 'bad'}`}>{r.state === 'OK' ? '● ' : '▲ '}{r.state}</span> },
    { id: 'user', header: 'User', width: 120, sortable: true, cell: (r) => <span className="mono">{r.user}</span> },
    { id: 'domain', header: 'Domain', width: 150, sortable: true, cell: (r) => t(r.domain) },
    { id: 'contact', header: 'Contact', width: 110, sortable: true, cell: (r) => <span className="mono">{r.contactNum ?? '–'}</span> },
    { id: 'ua', header: 'User agent', width: 150, sortable: true, cell: (r) => t(r.userAgent) },
    { id: 'expires', header: `Expires (${zoneLabel(dz, 'sensor clock')})`, width: 210, sortable: true, cell: (r) => expiresIn(r, dz) },
    // The sensor sends local wall-clock time; main gives it the sensor zone's offset, shown in the display zone.
    { id: 'lastChange', header: `Last change (${zoneLabel(dz, 'sensor clock')})`, width: 200, sortable: true, cell: (r) => <span className="mono">{r.lastChange ? formatTime(r.lastChange, dz, sourceZoneOf(r.sensor)) : '–'}</span> },
    { id: 'client', header: 'Client IP', width: 160, sortable: true, cell: (r) => <span className="mono">{ipPort(r.clientIp, r.clientPort)}</span> },
    { id: 'server', header: 'Server IP', width: 160, sortable: true, cell: (r) => <span className="mono">{ipPort(r.serverIp, r.serverPort)}</span> },
    { id: 'rrd', header: 'Resp. ms', width: 80, align: 'right', sortable: true, cell: (r) => t(r.responseMs === null ? null : Math.round(r.responseMs)) },
  ];
}

export function RegistrationsView() {
  const profiles = useProfiles((s) => s.profiles);
  const loadProfiles = useProfiles((s) => s.load);
  const sensors = useMemo(() => profilesWith(profiles, 'registrations').map((p) => p.id), [profiles]);
  const [sensor, setSensor] = useState<string>('');
  const [rows, setRows] = useState<Registration[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [loading, setLoading] = useState(false);
  const [filter, setFilter] = useState('');
  const [state, setState] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [sort, setSort] = useState<SortSpec | null>({ column: 'sensor', desc: false });
  const zone = useZone();
  const columns = useMemo(() => regColumns(zone), [zone]);

  useEffect(() => {
    if (!profiles.length) void loadProfiles();
  }, [profiles.length, loadProfiles]);

  const refresh = useCallback(async () => {
    const targets = sensor ? [sensor] : sensors;
    if (!targets.length) return;
    setLoading(true);
    const all: Registration[] = [];
    const errs: string[] = [];
    for (const id of targets) {
      try {
        all.push(...(await liveBridge.registrations(id)).registrations);
      } catch (e) {
        errs.push(`${id}: ${messageOf(e)}`);
      }
    }
    setRows(all);
    setErrors(errs);
    setLoading(false);
  }, [sensor, sensors]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const shown = useMemo(() => {
    const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
    const out = rows.filter((r) => {
      if (state && r.state !== state) return false;
      if (!terms.length) return true;
      const h = [r.user, r.domain, r.contactNum, r.userAgent, r.clientIp, r.serverIp, r.fromNum, r.toNum, r.sensor].join(' ').toLowerCase();
      return terms.every((x) => h.includes(x));
    });
    // Missing values last in both directions; ties keep the sensor's order.
    return sortByColumn(out, SORT, sort);
  }, [rows, filter, state, sort]);

  return (
    <div className="view" data-testid="view-registrations">
      <div className="toolbar">
        <h1>Registrations</h1>
        <label htmlFor="reg-sensor" className="sr-only">
          Sensor
        </label>
        <select id="reg-sensor" value={sensor} onChange={(e) => setSensor(e.target.value)} data-testid="reg-sensor">
          <option value="">All sensors</option>
          {sensors.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <label htmlFor="reg-state" className="sr-only">
          State
        </label>
        <select id="reg-state" value={state} onChange={(e) => setState(e.target.value)} data-testid="reg-state">
          <option value="">Any state</option>
          {STATES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <label htmlFor="reg-filter" className="sr-only">
          Filter
        </label>
        <input id="reg-filter" type="search" placeholder="Filter: user, contact, UA, IP…" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="reg-filter" />
        <button type="button" onClick={() => void refresh()} disabled={loading} data-testid="reg-refresh">
          {loading ? 'Loading…' : 'Refresh'}
        </button>
        <span className="spacer" />
        <span className="count" data-testid="reg-count">
          {shown.length === rows.length ? plural(rows.length, 'registration') : `${formatCount(shown.length)} of ${plural(rows.length, 'registration')}`}
        </span>
      </div>
      {errors.map((e) => (
        <div key={e} className="error-box" role="alert">
          {e}
        </div>
      ))}
      <VirtualTable
        rows={shown}
        columns={columns}
        sort={sort}
        onSort={(c) => setSort((s) => (s?.column === c ? { column: c, desc: !s.desc } : { column: c, desc: false }))}
        rowKey={(r) => `${r.sensor}:${r.id}`}
        selectedKey={selected}
        onSelect={setSelected}
        label="Registrations"
        testId="reg-table"
        rowTestId={(r) => `reg-row-${r.user}`}
        emptyText={sensors.length ? 'No registrations match.' : `Add a ${kindsWith('registrations')} profile in Settings to see registrations.`}
      />
    </div>
  );
}
