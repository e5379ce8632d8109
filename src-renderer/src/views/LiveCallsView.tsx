/** Live calls: watched sources, status chips, health strip, the virtualised table, detail. */
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { useLive, countBySensor, STALE_GRACE_CHOICES } from '../stores/live';
import { useLivePrefs } from '../stores/live-prefs';
import { profilesWith, profileCan, useProfiles } from '../stores/profiles';
import { useNotices } from '../stores/notices';
import { VirtualTable } from '../components/VirtualTable';
import { KpiStrip } from '../components/KpiStrip';
import { StatusChips } from '../components/StatusChips';
import { HealthStrip } from '../components/HealthStrip';
import { CallDetailPanel } from '../components/CallDetailPanel';
import { Popover } from '../components/Popover';
import { LIVE_COLUMNS, DEFAULT_LIVE_COLUMNS, liveSortValue } from './live-columns';
import { deriveRows, staleSinceMs } from '../lib/live-rows';
import { liveBridge, type SensorHealth } from '../lib/live-bridge';
import { useClock } from '../lib/use-clock';
import { messageOf } from '../api';
import { useEscape } from '../lib/use-escape';
import { formatCount, plural } from '../../../src-shared/time-format';
import { liveActions, runRowKey } from '../lib/row-actions';
import { RowMenu, type RowMenuState } from '../components/RowMenu';
import type { LiveCall } from '../../../src-main/domain/live-call';

const HEALTH_EVERY_MS = 15_000;
const rowKey = (c: LiveCall) => c.key;

export function LiveCallsView() {
  const { version, shownVersion, rows, paused, statuses, watched, selectedKey, serverFilter: appliedServerFilter, setPaused, setWatched, setServerFilter: setAppliedServerFilter, select } = useLive();
  const { columns: colPref, sort, setColumns, toggleSort } = useLivePrefs();
  const profiles = useProfiles((s) => s.profiles);
  const loadProfiles = useProfiles((s) => s.load);
  const notices = useNotices.getState();
  const [quick, setQuick] = useState('');
  const [serverFilter, setServerFilter] = useState(appliedServerFilter);
  const [detailKey, setDetailKey] = useState<string | null>(null);
  const [health, setHealth] = useState<Record<string, SensorHealth>>({});
  const [healthErrors, setHealthErrors] = useState<Record<string, string>>({});
  const now = useClock(1000, paused);
  const staleGraceSec = useLive((s) => s.staleGraceSec);
  const setStaleGrace = useLive((s) => s.setStaleGrace);
  // Sources whose last poll failed: their rows and health are greyed and their clocks stopped.
  const stale = useMemo(() => {
    const out: Record<string, number> = {};
    for (const s of Object.values(statuses)) {
      const t = staleSinceMs(s);
      if (t !== null) out[s.sensor] = t;
    }
    return out;
  }, [statuses]);
  const rowClass = useCallback((c: LiveCall) => (stale[c.sensor] !== undefined ? 'stale' : ''), [stale]);

  useEffect(() => {
    if (!profiles.length) void loadProfiles();
  }, [profiles.length, loadProfiles]);

  const sources = useMemo(() => profilesWith(profiles, 'liveCalls'), [profiles]);

  // Sensor health, refreshed slowly (it is a separate, cheap manager command per sensor).
  useEffect(() => {
    const sensors = watched.filter((id) => sources.some((s) => s.id === id) && profileCan(id, 'health'));
    let alive = true;
    async function refresh() {
      for (const id of sensors) {
        try {
          const h = await liveBridge.health(id);
          if (alive) setHealth((prev) => ({ ...prev, [id]: h }));
        } catch (e) {
          if (alive) setHealthErrors((prev) => ({ ...prev, [id]: messageOf(e) }));
        }
      }
    }
    setHealth((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => sensors.includes(k))));
    setHealthErrors({});
    void refresh();
    const t = window.setInterval(() => void refresh(), HEALTH_EVERY_MS);
    return () => {
      alive = false;
      window.clearInterval(t);
    };
  }, [watched, sources]);

  const visibleIds = colPref ?? DEFAULT_LIVE_COLUMNS;
  const columns = useMemo(() => LIVE_COLUMNS.filter((c) => visibleIds.includes(c.id)), [visibleIds]);

  // Re-derive only when what is SHOWN changes (paused freezes shownVersion).
  const shown = useMemo(
    () => deriveRows(rows.values(), quick, sort, liveSortValue),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [shownVersion, quick, sort, rows],
  );

  // Benchmark hook: time from a diff reaching the store to this commit (performance.measure).
  useLayoutEffect(() => {
    if (performance.getEntriesByName('live:diff', 'mark').length) {
      performance.measure('live:apply', 'live:diff');
      performance.clearMarks('live:diff');
    }
  }, [shown]);

  const counts = useMemo(() => countBySensor(rows), [version, rows]); // eslint-disable-line react-hooks/exhaustive-deps
  const detailCall = detailKey ? rows.get(detailKey) : undefined;
  const onOpen = useCallback((key: string) => setDetailKey(key), []);
  const onSelect = useCallback((key: string | null) => select(key), [select]);
  const closeDetail = useCallback(() => setDetailKey(null), []);
  useEscape(detailKey !== null, closeDetail);
  const [menu, setMenu] = useState<RowMenuState | null>(null);
  const actionsFor = useCallback((key: string) => {
    const c = useLive.getState().rows.get(key);
    return c ? liveActions(c, () => setDetailKey(key)) : [];
  }, []);
  const onRowKey = useCallback((e: { key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean }, key: string) => runRowKey(actionsFor(key), e), [actionsFor]);
  const onRowMenu = useCallback((key: string, x: number, y: number) => {
    const c = useLive.getState().rows.get(key);
    if (c) setMenu({ actions: actionsFor(key), x, y, label: `Actions for ${c.caller} → ${c.called}` });
  }, [actionsFor]);

  // Pause stops main's polling too (no load on the sensors while the operator reads a frozen table).
  function togglePause() {
    const next = !paused;
    setPaused(next);
    (next ? liveBridge.pause() : liveBridge.resume()).catch((e: unknown) => notices.error(messageOf(e)));
  }

  function toggleWatch(id: string) {
    const next = watched.includes(id) ? watched.filter((x) => x !== id) : [...watched, id];
    if (!next.includes(id)) useLive.getState().forget(id);
    setWatched(next);
  }

  function toggleColumn(id: string) {
    const next = visibleIds.includes(id) ? visibleIds.filter((x) => x !== id) : LIVE_COLUMNS.map((c) => c.id).filter((c) => c === id || visibleIds.includes(c));
    if (next.length) setColumns(next);
  }

  return (
    <div className="view live-view" data-testid="view-live">
      <div className="toolbar">
        <h1>Live calls</h1>
        <Popover label={`Sources (${watched.length})`} testId="watch-chooser">
          {sources.length === 0 && <p className="muted">No VoIPmonitor or UCM profiles yet: add one in Settings.</p>}
          {sources.map((s) => (
            <label key={s.id} className="check">
              <input type="checkbox" checked={watched.includes(s.id)} onChange={() => toggleWatch(s.id)} data-testid={`watch-${s.id}`} />
              {s.name} <span className="muted">({s.id}, {s.kind})</span>
            </label>
          ))}
        </Popover>
        <label htmlFor="live-quick" className="sr-only">
          Quick filter
        </label>
        <input id="live-quick" type="search" placeholder="Quick filter: number, name, IP…" value={quick} onChange={(e) => setQuick(e.target.value)} data-testid="live-quick-filter" />
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            setAppliedServerFilter(serverFilter.trim());
          }}
        >
          <label htmlFor="live-server" className="sr-only">
            Server-side filter
          </label>
          <input
            id="live-server"
            type="search"
            placeholder="Sensor filter (number), Enter to apply"
            value={serverFilter}
            onChange={(e) => setServerFilter(e.target.value)}
            data-testid="live-server-filter"
            title="Applied on the sensor: only matching calls are sent"
          />
        </form>
        <button type="button" onClick={togglePause} aria-pressed={paused} data-testid="live-pause" className={paused ? 'warn' : ''}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <Popover label="Columns" testId="column-chooser">
          {LIVE_COLUMNS.filter((c) => c.header).map((c) => (
            <label key={c.id} className="check">
              <input type="checkbox" checked={visibleIds.includes(c.id)} onChange={() => toggleColumn(c.id)} data-testid={`col-${c.id}`} />
              {c.header}
            </label>
          ))}
        </Popover>
        <label className="check" title="How long the greyed rows of a failed source stay before they are removed">
          Stale rows
          <select value={staleGraceSec} onChange={(e) => setStaleGrace(Number(e.target.value))} data-testid="live-stale-grace">
            {STALE_GRACE_CHOICES.map((g) => (
              <option key={g} value={g}>
                {g === 0 ? 'keep until it recovers' : g < 60 ? `remove after ${g} s` : `remove after ${g / 60} min`}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <span className="count" data-testid="live-count" aria-live="polite">
          {shown.length === rows.size ? plural(rows.size, 'call') : `${formatCount(shown.length)} of ${plural(rows.size, 'call')}`}
          {paused && ' (paused)'}
        </span>
      </div>
      <StatusChips statuses={statuses} watched={watched} now={now} />
      <HealthStrip health={health} errors={healthErrors} stale={stale} />
      <KpiStrip sensors={watched} />
      <div className="split">
        <VirtualTable
          rows={shown}
          columns={columns}
          rowKey={rowKey}
          selectedKey={selectedKey}
          onSelect={onSelect}
          onOpen={onOpen}
          sort={sort}
          onSort={toggleSort}
          now={now}
          label="Live calls"
          testId="live-table"
          rowTestId={(c) => `live-row-${c.key}`}
          onRowKey={onRowKey}
          onRowMenu={onRowMenu}
          rowClass={rowClass}
          emptyText={watched.length ? 'No live calls right now.' : 'Choose the sensors or PBXs to watch with "Sources".'}
        />
        {detailCall && <CallDetailPanel call={detailCall} onClose={() => setDetailKey(null)} />}
      </div>
      {menu && <RowMenu menu={menu} onClose={() => setMenu(null)} />}
      <p className="hint">
        {counts.size > 1 ? [...counts.entries()].map(([k, n]) => `${k}: ${n}`).join(' · ') + ' — ' : ''}↑/↓ select, Enter opens details, Esc closes; D/E dial, L link, T ticket, V vault, H hang up, Shift+F10 all actions, ? every shortcut.
      </p>
    </div>
  );
}
