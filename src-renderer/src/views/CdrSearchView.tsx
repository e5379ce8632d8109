/** CDR search: one form for UCM, Wildix and VoIPmonitor sensor databases, streamed results, one virtualised table. */
import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useState, type ReactNode } from 'react';
import type { CdrRecord } from '../../../src-main/domain/cdr';
import { CDR_DISPOSITIONS, type CdrQuery } from '../../../src-shared/cdr-query-schema';
import { profilesWith, useProfiles, type KindInfo } from '../stores/profiles';
import { useCdr } from '../stores/cdr';
import { useNotices } from '../stores/notices';
import { ticketFromCdr } from '../stores/links';
import { VirtualTable } from '../components/VirtualTable';
import { CdrSummaryStrip } from '../components/CdrSummaryStrip';
import { Popover } from '../components/Popover';
import { CDR_COLUMNS, DEFAULT_CDR_COLUMNS, cdrColumns } from './cdr-columns';
import { DialButton } from '../components/DialButton';
import { defaultForm, formToQuery, formErrorsOf, queryToForm, hasSensorFilters, EMPTY_SENSOR_FORM, type CdrForm, type CdrFormErrors, type SensorForm } from '../lib/cdr-query';
import type { CdrSort } from '../lib/cdr-table';
import { useZone } from '../stores/display';
import { useCdrForm } from '../stores/cdr-form';
import { useEscape } from '../lib/use-escape';
import { cdrActions, runRowKey } from '../lib/row-actions';
import { RowMenu, type RowMenuState } from '../components/RowMenu';
import { ActionBar } from '../components/ActionBar';
import { RANGE_PRESETS, presetLabel, presetRange, type RangePreset } from '../lib/cdr-ranges';
import { formatCount, formatDuration, formatTime, inputZone, plural, zoneLabel, type DisplayZone } from '../../../src-shared/time-format';
import { loadJson, saveJson, isStringArray } from '../lib/persist';
import { bridge, unwrap, messageOf } from '../api';

const COLS_KEY = 'callboard.cdr.columns';
const SORT_KEY = 'callboard.cdr.sort';
const isSort = (v: unknown): v is CdrSort | null => v === null || (typeof v === 'object' && typeof (v as CdrSort).column === 'string' && typeof (v as CdrSort).desc === 'boolean');
const rowKey = (r: CdrRecord) => r.id;

type Saved = { name: string; query: CdrQuery; relative?: RangePreset };


/** How the search form speaks to a backend (main's descriptor, via profiles:kinds). */
function cdrFormOf(kinds: readonly KindInfo[], kind: string | undefined): KindInfo['cdrForm'] {
  return kinds.find((x) => x.kind === kind)?.cdrForm ?? { freeText: false, sensor: false, partyHint: null, callerPlaceholder: null, calleePlaceholder: null };
}

export function CdrSearchView() {
  const profiles = useProfiles((s) => s.profiles);
  const loadProfiles = useProfiles((s) => s.load);
  // Backends with call-record search (PBXs, and sensors whose CDR database is configured).
  const pbxs = useMemo(() => profilesWith(profiles, 'cdrSearch'), [profiles]);
  const kinds = useProfiles((s) => s.kinds);
  const labelOf = (k: string | undefined) => kinds.find((x) => x.kind === k)?.label ?? 'this PBX';
  const cdr = useCdr();
  const notices = useNotices();
  const zone = useZone();
  const formZone = inputZone(zone);
  // Form and quick filter outlive the view (stores/cdr-form.ts), so they stay with the results they made.
  const [fallback] = useState(() => defaultForm(new Date(), '', formZone));
  const [restoreLast] = useState(() => useCdrForm.getState().form === null);
  const stored = useCdrForm((s) => s.form) ?? fallback;
  const form = stored.sensor ? stored : { ...stored, sensor: { ...EMPTY_SENSOR_FORM } };
  const setForm = useCallback(
    (u: CdrForm | ((f: CdrForm) => CdrForm)) => {
      const prev = useCdrForm.getState().form ?? fallback;
      useCdrForm.getState().setForm(typeof u === 'function' ? u(prev) : u);
    },
    [fallback],
  );
  const quick = useCdrForm((s) => s.quick);
  const setQuick = useCdrForm((s) => s.setQuick);
  const [errors, setErrors] = useState<CdrFormErrors>({});
  const deferredQuick = useDeferredValue(quick);
  const [sort, setSort] = useState<CdrSort | null>(() => loadJson<CdrSort | null>(SORT_KEY, { column: 'start', desc: true }, isSort));
  const [visible, setVisible] = useState<string[]>(() => loadJson(COLS_KEY, DEFAULT_CDR_COLUMNS, isStringArray));
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<CdrRecord | null>(null);
  const [saved, setSaved] = useState<Saved[]>([]);
  const [saveName, setSaveName] = useState('');

  useEffect(() => {
    if (!profiles.length) void loadProfiles();
  }, [profiles.length, loadProfiles]);

  const refreshSaved = useCallback(async (restore: boolean) => {
    try {
      const r = await unwrap(bridge().cdr.savedList({}));
      setSaved(r.saved);
      if (restore && r.last) setForm(queryToForm(r.last, formZone));
    } catch (e) {
      notices.error(messageOf(e));
    }
  }, [notices, formZone, setForm]);

  // The remembered (last) search comes back the first time the view opens, unless a search is on screen.
  useEffect(() => {
    void refreshSaved(restoreLast && useCdr.getState().phase === 'idle');
  }, [refreshSaved, restoreLast]);

  // Default to the first PBX once profiles are known.
  useEffect(() => {
    if (!form.profileId && pbxs[0]) setForm((f) => ({ ...f, profileId: pbxs[0]?.id ?? '' }));
  }, [pbxs, form.profileId, setForm]);

  const kind = pbxs.find((p) => p.id === form.profileId)?.kind;
  const caps = cdrFormOf(kinds, kind);
  const zoned = useMemo(() => cdrColumns(zone), [zone]);
  const columns = useMemo(() => zoned.filter((c) => visible.includes(c.id)), [zoned, visible]);

  // 100,000 rows: the result set sorts a precomputed key array and filters precomputed text.
  const shown = useMemo(() => {
    const t0 = performance.now();
    const rows = cdr.result.view(sort, deferredQuick);
    performance.measure('cdr:derive', { start: t0, end: performance.now() });
    return rows;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cdr.result, cdr.version, sort, deferredQuick]);

  // Benchmark hook: time from a sort click / filter keystroke to this commit.
  useLayoutEffect(() => {
    for (const name of ['cdr:sort', 'cdr:filter']) {
      if (performance.getEntriesByName(name, 'mark').length) {
        performance.measure(`${name}-commit`, name);
        performance.clearMarks(name);
      }
    }
  }, [shown]);

  function set<K extends keyof CdrForm>(k: K, v: CdrForm[K]) {
    // A date typed by hand is no longer the preset it came from.
    setForm((f) => ({ ...f, [k]: v, ...(k === 'from' || k === 'to' ? { range: '' as const } : {}) }));
    if (errors[k]) setErrors((e) => ({ ...e, [k]: undefined }));
  }

  function choosePreset(p: RangePreset) {
    setForm((f) => ({ ...f, ...presetRange(p, Date.now(), formZone), range: p }));
    setErrors((e) => ({ ...e, from: undefined, to: undefined }));
  }

  /** Switching the PBX drops filters the new backend does not understand, and says so. */
  function chooseProfile(id: string) {
    const nextKind = pbxs.find((p) => p.id === id)?.kind;
    const next = cdrFormOf(kinds, nextKind);
    if (!next.sensor && hasSensorFilters(form.sensor)) {
      notices.info(`Cleared the Call-ID, SIP code, quality, codec, IP and sensor filters: ${labelOf(nextKind)} records carry none of them.`);
      setForm((f) => ({ ...f, sensor: { ...EMPTY_SENSOR_FORM } }));
    }
    if (!next.freeText && form.text.trim()) {
      notices.info(`Cleared the free-text filter "${form.text.trim().slice(0, 40)}": ${labelOf(nextKind)} has no free-text search.`);
      setForm((f) => ({ ...f, profileId: id, text: '' }));
    } else set('profileId', id);
  }

  function setSensor(k: keyof SensorForm, v: string) {
    setForm((f) => ({ ...f, sensor: { ...(f.sensor ?? EMPTY_SENSOR_FORM), [k]: v } }));
    if (errors[`sensor.${k}`]) setErrors((e) => ({ ...e, [`sensor.${k}`]: undefined }));
  }

  function loadSaved(s: Saved) {
    const target = pbxs.find((p) => p.id === s.query.profileId);
    if (!target) {
      notices.error(`The PBX of "${s.name}" (${s.query.profileId}) is no longer configured; choose a PBX before searching.`);
      setForm({ ...queryToForm({ ...s.query, text: undefined }, formZone, s.relative ?? ''), profileId: '' });
      return;
    }
    // A saved search only ever runs against its own PBX, with only the filters that PBX understands.
    const sensorOnly = { callId: undefined, sipCode: undefined, callerIp: undefined, calledIp: undefined, mosBelow: undefined, lossAbove: undefined, codec: undefined, sensorId: undefined, minConnectSec: undefined, maxConnectSec: undefined };
    const t = cdrFormOf(kinds, target.kind);
    const query = { ...s.query, ...(t.freeText ? {} : { text: undefined }), ...(t.sensor ? {} : sensorOnly) };
    setForm(queryToForm(query, formZone, s.relative ?? ''));
    setErrors({});
  }

  function submit() {
    const r = formToQuery(form, formZone, caps);
    if (r.errors) {
      setErrors(r.errors);
      return;
    }
    setErrors({});
    setSelected(null);
    setDetail(null);
    // Main checks again; what it refuses by field stands next to that field, like the window's own checks.
    void cdr.search(r.query).then(() => {
      const s = useCdr.getState();
      if (s.query === r.query && Object.keys(s.fieldErrors).length) setErrors(formErrorsOf(s.fieldErrors));
    });
  }

  function onSort(id: string) {
    const col = CDR_COLUMNS.find((c) => c.id === id)?.sortKey;
    if (!col) return;
    performance.mark('cdr:sort');
    const next: CdrSort = sort?.column === col ? { column: col, desc: !sort.desc } : { column: col, desc: col === 'start' };
    setSort(next);
    saveJson(SORT_KEY, next);
  }

  function toggleColumn(id: string) {
    const next = visible.includes(id) ? visible.filter((x) => x !== id) : CDR_COLUMNS.map((c) => c.id).filter((c) => c === id || visible.includes(c));
    if (!next.length) return;
    setVisible(next);
    saveJson(COLS_KEY, next);
  }

  async function exportCsv() {
    if (!cdr.jobId) return;
    try {
      // The rows on screen: main applies the same quick filter and sort to the search's full result set.
      const r = await unwrap(bridge().cdr.exportCsv({ jobId: cdr.jobId, ...(quick.trim() ? { quick: quick.trim().slice(0, 200) } : {}), sort }));
      if (!r.cancelled) notices.info(`Exported ${plural(r.rows, 'call record')}${r.path ? ` to ${r.path}` : ''}.`);
    } catch (e) {
      notices.error(messageOf(e));
    }
  }

  async function saveSearch() {
    const r = formToQuery(form, formZone, caps);
    if (r.errors) return setErrors(r.errors);
    const name = saveName.trim();
    if (!name) return notices.error('Give the search a name to save it.');
    try {
      await unwrap(bridge().cdr.savedSave({ name: name.slice(0, 80), query: r.query, ...(form.range ? { relative: form.range } : {}) }));
      notices.info(`Saved search "${name}"${form.range ? ` (${presetLabel(form.range).toLowerCase()}, recomputed each time it is loaded)` : ''}.`);
      setSaveName('');
      await refreshSaved(false);
    } catch (e) {
      notices.error(messageOf(e));
    }
  }

  async function deleteSaved(name: string) {
    try {
      await unwrap(bridge().cdr.savedDelete({ name }));
      await refreshSaved(false);
    } catch (e) {
      notices.error(messageOf(e));
    }
  }

  const closeDetail = useCallback(() => setDetail(null), []);
  useEscape(detail !== null, closeDetail);
  const [menu, setMenu] = useState<RowMenuState | null>(null);
  const actionsFor = useCallback((key: string) => {
    const r = useCdr.getState().result.records.find((x) => x.id === key);
    return r ? cdrActions(r, () => setDetail(r)) : [];
  }, []);
  const onRowKey = useCallback((e: { key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean }, key: string) => runRowKey(actionsFor(key), e), [actionsFor]);
  const onRowMenu = useCallback((key: string, x: number, y: number) => {
    const r = useCdr.getState().result.records.find((x) => x.id === key);
    if (r) setMenu({ actions: actionsFor(key), x, y, label: `Actions for ${r.caller} → ${r.callee}` });
  }, [actionsFor, setMenu]);

  const running = cdr.phase === 'running' || cdr.phase === 'starting';
  const selectedCol = sort ? CDR_COLUMNS.find((c) => c.sortKey === sort.column)?.id : undefined;
  const field = (k: keyof CdrForm, label: string, input: ReactNode, help?: string) => (
    <div className="cdr-field">
      <label htmlFor={`cdr-${k}`}>{label}</label>
      {input}
      {errors[k] ? (
        <span className="field-error" id={`cdr-${k}-error`} data-testid={`cdr-${k}-error`}>
          {errors[k]}
        </span>
      ) : help ? (
        <span className="field-help">{help}</span>
      ) : null}
    </div>
  );
  const sensorField = (k: keyof SensorForm, label: string, placeholder: string, help?: string) => {
    const id = `sensor.${k}` as const;
    return (
      <div className="cdr-field">
        <label htmlFor={`cdr-sensor-${k}`}>{label}</label>
        <input
          id={`cdr-sensor-${k}`}
          type="text"
          value={form.sensor[k]}
          placeholder={placeholder}
          onChange={(e) => setSensor(k, e.target.value)}
          aria-invalid={errors[id] ? true : undefined}
          aria-describedby={errors[id] ? `cdr-sensor-${k}-error` : undefined}
          data-testid={`cdr-sensor-${k}`}
        />
        {errors[id] ? (
          <span className="field-error" id={`cdr-sensor-${k}-error`} data-testid={`cdr-sensor-${k}-error`}>
            {errors[id]}
          </span>
        ) : help ? (
          <span className="field-help">{help}</span>
        ) : null}
      </div>
    );
  };
  const text = (k: Exclude<keyof CdrForm, 'disposition' | 'sensor'>, extra: Record<string, string | number> = {}) => (
    <input
      id={`cdr-${k}`}
      type="text"
      value={form[k]}
      onChange={(e) => set(k, e.target.value)}
      aria-invalid={errors[k] ? true : undefined}
      aria-describedby={errors[k] ? `cdr-${k}-error` : undefined}
      data-testid={`cdr-${k}`}
      {...extra}
    />
  );

  return (
    <div className="view cdr-view" data-testid="view-cdr">
      <form
        className="cdr-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <div className="cdr-form-grid">
          {field(
            'profileId',
            'PBX or sensor',
            <select id="cdr-profileId" value={form.profileId} onChange={(e) => chooseProfile(e.target.value)} data-testid="cdr-profileId" aria-invalid={errors.profileId ? true : undefined}>
              <option value="">Choose…</option>
              {pbxs.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({labelOf(p.kind)})
                </option>
              ))}
            </select>,
          )}
          {field('from', 'From', <input id="cdr-from" type="datetime-local" value={form.from} onChange={(e) => set('from', e.target.value)} data-testid="cdr-from" aria-invalid={errors.from ? true : undefined} />, formZone === 'UTC' ? 'in UTC' : `in ${formZone}`)}
          {field('to', 'To', <input id="cdr-to" type="datetime-local" value={form.to} onChange={(e) => set('to', e.target.value)} data-testid="cdr-to" aria-invalid={errors.to ? true : undefined} />)}
          <div className="cdr-field">
            <span id="cdr-presets-label">Range</span>
            <div className="preset-row" role="group" aria-labelledby="cdr-presets-label">
              {RANGE_PRESETS.map((p) => (
                <button key={p.id} type="button" className={`small${form.range === p.id ? ' primary' : ''}`} aria-pressed={form.range === p.id} onClick={() => choosePreset(p.id)} data-testid={`cdr-preset-${p.id}`}>
                  {p.label}
                </button>
              ))}
            </div>
          </div>
          {field('caller', 'Caller', text('caller', { placeholder: caps.callerPlaceholder ?? '1001,1002 · 1001-1010 · 10@' }), caps.partyHint ?? undefined)}
          {field('callee', 'Callee', text('callee', { placeholder: caps.calleePlaceholder ?? '1001,1002 · 1001-1010 · 10@' }))}
          {field('callerName', 'Caller name', text('callerName'))}
          {field('minDuration', 'Min s', text('minDuration', { inputMode: 'numeric', size: 6 }))}
          {field('maxDuration', 'Max s', text('maxDuration', { inputMode: 'numeric', size: 6 }))}
          {field(
            'disposition',
            'Disposition',
            <select id="cdr-disposition" value={form.disposition} onChange={(e) => set('disposition', e.target.value as CdrForm['disposition'])} data-testid="cdr-disposition">
              <option value="">Any</option>
              {CDR_DISPOSITIONS.map((d) => (
                <option key={d}>{d}</option>
              ))}
            </select>,
          )}
          {caps.freeText && field('text', 'Text', text('text', { placeholder: `free text (${labelOf(kind)})` }))}
          {caps.sensor && (
            <>
              {sensorField('callId', 'Call-ID', 'exact SIP Call-ID')}
              {sensorField('sipCode', 'SIP code', '486 · 4xx · !200')}
              {sensorField('mosBelow', 'MOS below', '3.5')}
              {sensorField('lossAbove', 'Loss above %', '2')}
              {sensorField('codec', 'Codec', 'PCMA,G729')}
              {sensorField('callerIp', 'Caller IP', '10.0.0.5 · 10.0.0.0/24')}
              {sensorField('calledIp', 'Callee IP', '10.0.0.0/24')}
              {sensorField('minConnect', 'Min talk s', '')}
              {sensorField('sensorId', 'Sensor id', '1,2')}
            </>
          )}
          {field('limit', 'Limit', text('limit', { inputMode: 'numeric', size: 8 }))}
        </div>
        <div className="toolbar cdr-actions">
          <h1>CDR search</h1>
          <button type="submit" className="primary" data-testid="cdr-search">
            Search
          </button>
          <button type="button" onClick={() => void cdr.cancel()} disabled={!running} data-testid="cdr-cancel">
            Cancel
          </button>
          <Popover label={`Saved (${saved.length})`} testId="cdr-saved">
            {saved.length === 0 && <p className="muted">No saved searches yet.</p>}
            {saved.map((s) => (
              <div key={s.name} className="saved-row">
                <button type="button" className="link-button" onClick={() => loadSaved(s)} data-testid={`cdr-saved-load-${s.name}`}>
                  {s.name}
                  {s.relative && <span className="muted"> · {presetLabel(s.relative).toLowerCase()}</span>}
                </button>
                <button type="button" className="small danger" onClick={() => void deleteSaved(s.name)} aria-label={`Delete saved search ${s.name}`}>
                  ✕
                </button>
              </div>
            ))}
            <div className="saved-row">
              <input type="text" placeholder="Name this search" value={saveName} onChange={(e) => setSaveName(e.target.value)} maxLength={80} data-testid="cdr-save-name" aria-label="Name of the saved search" />
              <button type="button" onClick={() => void saveSearch()} data-testid="cdr-save">
                Save
              </button>
            </div>
          </Popover>
          <label htmlFor="cdr-quick" className="sr-only">
            Quick filter
          </label>
          <input
            id="cdr-quick"
            type="search"
            placeholder="Quick filter in results…"
            value={quick}
            onChange={(e) => {
              performance.mark('cdr:filter');
              setQuick(e.target.value);
            }}
            data-testid="cdr-quick-filter"
          />
          <Popover label="Columns" testId="cdr-column-chooser">
            {zoned.filter((c) => c.header).map((c) => (
              <label key={c.id} className="check">
                <input type="checkbox" checked={visible.includes(c.id)} onChange={() => toggleColumn(c.id)} data-testid={`cdr-col-${c.id}`} />
                {c.header}
              </label>
            ))}
          </Popover>
          <button type="button" onClick={() => void exportCsv()} disabled={!cdr.jobId || running || cdr.result.size === 0} data-testid="cdr-export" title="Main writes the rows shown (quick filter and sort applied) to a CSV file you choose">
            Export CSV…
          </button>
          <span className="spacer" />
          <Progress shown={shown.length} filtered={deferredQuick.trim() !== ''} />
        </div>
      </form>
      <ResultsOf form={form} formZone={formZone} caps={caps} zone={zone} profileName={(id) => pbxs.find((p) => p.id === id)?.name ?? id} />
      <CdrSummaryStrip jobId={cdr.jobId} ready={cdr.phase === 'done' || cdr.phase === 'cancelled'} quick={deferredQuick} />
      {cdr.error && (
        <div className="error-box" role="alert" data-testid="cdr-error">
          {cdr.error}
        </div>
      )}
      <div className="split">
        <VirtualTable
          rows={shown}
          columns={columns}
          rowKey={rowKey}
          selectedKey={selected}
          onSelect={setSelected}
          onOpen={(k) => setDetail(cdr.result.records.find((r) => r.id === k) ?? null)}
          sort={selectedCol && sort ? { column: selectedCol, desc: sort.desc } : null}
          onSort={onSort}
          label="Call records"
          testId="cdr-table"
          rowTestId={(r) => `cdr-row-${r.id}`}
          onRowKey={onRowKey}
          onRowMenu={onRowMenu}
          emptyText={cdr.phase === 'idle' ? 'Fill in the form and press Search.' : running ? 'Searching…' : 'No call records match.'}
        />
        {detail && <CdrDetail r={detail} zone={zone} onClose={() => setDetail(null)} />}
      </div>
      {menu && <RowMenu menu={menu} onClose={() => setMenu(null)} />}
      <p className="hint">↑/↓ select, Enter opens the record with its legs and recordings, Esc closes; D/E dial, L link, T ticket, G call view, Shift+F10 all actions, ? every shortcut.</p>
    </div>
  );
}

/** The counter follows the quick filter: "120 of 2,000 records" while one is typed. */
/**
 * Which search the rows on screen came from, so results are never read against a form that has
 * changed since; says so when the form no longer matches.
 */
function ResultsOf({ form, formZone, caps, zone, profileName }: { form: CdrForm; formZone: string; caps: { freeText: boolean; sensor: boolean }; zone: DisplayZone; profileName(id: string): string }) {
  const q = useCdr((s) => s.query);
  const phase = useCdr((s) => s.phase);
  if (!q || phase === 'idle') return null;
  const r = formToQuery(form, formZone, caps);
  const same = r.query !== null && JSON.stringify(r.query) === JSON.stringify(q);
  const parts = [
    profileName(q.profileId),
    `${formatTime(q.from, zone)} → ${formatTime(q.to, zone)} (${zoneLabel(zone, 'PBX clock')})`,
    q.caller && `caller ${q.caller}`,
    q.callee && `callee ${q.callee}`,
    q.callerName && `name "${q.callerName}"`,
    q.disposition && q.disposition.toLowerCase(),
    q.minDurationSec !== undefined && `≥ ${q.minDurationSec} s`,
    q.maxDurationSec !== undefined && `≤ ${q.maxDurationSec} s`,
    q.text && `text "${q.text}"`,
    q.callId && `Call-ID ${q.callId}`,
    q.sipCode && `SIP ${q.sipCode}`,
    q.mosBelow !== undefined && `MOS < ${q.mosBelow}`,
    q.lossAbove !== undefined && `loss > ${q.lossAbove} %`,
    q.codec && `codec ${q.codec}`,
    q.callerIp && `caller IP ${q.callerIp}`,
    q.calledIp && `callee IP ${q.calledIp}`,
    q.minConnectSec !== undefined && `talk ≥ ${q.minConnectSec} s`,
    q.sensorId && `sensor ${q.sensorId}`,
  ].filter(Boolean);
  return (
    <p className={`results-of${same ? '' : ' stale'}`} data-testid="cdr-results-of" data-current={same}>
      Results of: {parts.join(' · ')}
      {!same && <strong> — the form has changed since; press Search to update.</strong>}
    </p>
  );
}

function Progress({ shown, filtered }: { shown: number; filtered: boolean }) {
  const { phase, fetched, total, truncated, result } = useCdr();
  const size = result.size;
  const records = filtered ? `${formatCount(shown)} of ${plural(size, 'record')} match the filter` : plural(size, 'record');
  let text = '';
  if (phase === 'starting') text = 'Starting search…';
  else if (phase === 'running') text = `Loading… ${filtered ? records : `${formatCount(size)}${total !== null ? ` of ${plural(total, 'record')}` : size === 1 ? ' record' : ' records'}`}`;
  else if (phase === 'done') text = `${records}${truncated ? ' (limit reached: narrow the search or raise the limit)' : ''}`;
  else if (phase === 'cancelled') text = `Cancelled after ${records}`;
  else if (phase === 'error') text = `${records} before the error`;
  return (
    <span className="count" data-testid="cdr-progress" data-phase={phase} aria-live="polite">
      {phase === 'running' && <progress max={total ?? undefined} value={total !== null ? Math.min(fetched, total) : undefined} />} {text}
    </span>
  );
}

function CdrDetail({ r, zone, onClose }: { r: CdrRecord; zone: DisplayZone; onClose(): void }) {
  const ticket = ticketFromCdr(r);
  const fields: [string, string | number | null][] = [
    [`Start (${zoneLabel(zone, 'PBX clock')})`, formatTime(r.start, zone)],
    ['Answer', formatTime(r.answer, zone)],
    ['End', formatTime(r.end, zone)],
    ['Duration', formatDuration(r.durationSec)],
    ['Talk time', formatDuration(r.billsec)],
    ['Caller name', r.callerName],
    ['Disposition', r.disposition],
    ['Call-ID', r.callId],
    [r.source === 'voipmonitor' ? 'Sensor' : 'PBX', `${r.profileId} (${r.source})`],
  ];
  const q = r.quality;
  if (q) {
    const pair = (a: number | null, b: number | null, unit = '') => (a === null && b === null ? null : `${a ?? '–'}${unit} / ${b ?? '–'}${unit}`);
    fields.push(
      ['Last SIP response', q.lastSipResponse],
      ['MOS caller / callee', pair(q.mosCaller, q.mosCalled)],
      ['Lowest MOS', q.mosMin],
      ['Jitter caller / callee', pair(q.jitterCaller, q.jitterCalled, ' ms')],
      ['Loss caller / callee', pair(q.lossCaller, q.lossCalled, ' %')],
      ['Codec', q.codec],
      ['Caller IP', q.callerIp],
      ['Callee IP', q.calledIp],
      ['Sensor id', q.sensorId],
    );
  }
  return (
    <aside className="detail-panel" aria-label="Call record" data-testid="cdr-detail" tabIndex={-1} onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onClose())}>
      <header>
        <h2>
          <DialButton number={r.caller} profileId={r.profileId} testId="cdr-detail-dial-caller" focusable /> → <DialButton number={r.callee} profileId={r.profileId} testId="cdr-detail-dial-callee" focusable />
        </h2>
        <button type="button" onClick={onClose} aria-label="Close record" data-testid="cdr-detail-close">
          ✕
        </button>
      </header>
      {/* The same actions as the row's menu and keys (lib/row-actions.ts); the numbers above dial. */}
      <ActionBar actions={cdrActions(r).filter((a) => a.id !== 'dial-caller' && a.id !== 'dial-callee')} testId="cdr-detail-action" />
      {!ticket && (
        <p className="muted" id="cdr-detail-nolink" data-testid="cdr-detail-nolink">
          No SIP VAULT link or call view: the PBX recorded no SIP Call-ID for this call.
        </p>
      )}
      <dl className="kv">
        {fields.map(([k, v]) => (
          <div key={k} className="kv-row">
            <dt>{k}</dt>
            <dd className="mono">{v === null || v === '' ? '–' : String(v)}</dd>
          </div>
        ))}
        {Object.entries(r.extra).map(([k, v]) => (
          <div key={`x-${k}`} className="kv-row">
            <dt>{k}</dt>
            <dd className="mono">{v === null || v === '' ? '–' : String(v)}</dd>
          </div>
        ))}
      </dl>
      <h3>Legs ({r.legs.length})</h3>
      {r.legs.length === 0 ? (
        <p className="muted">One leg only.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Legs">
          <table className="grid" data-testid="cdr-legs">
            <thead>
              <tr>
                <th>{`Start (${zoneLabel(zone, 'PBX clock')})`}</th>
                <th>From</th>
                <th>To</th>
                <th>Talk</th>
                <th>Disposition</th>
                <th>Channel</th>
              </tr>
            </thead>
            <tbody>
              {r.legs.map((l, i) => (
                <tr key={i}>
                  <td className="mono">{l.start ? formatTime(l.start, zone) : '–'}</td>
                  <td className="mono">{l.src ?? '–'}</td>
                  <td className="mono">{l.dst ?? '–'}</td>
                  <td className="mono">{l.billsec === null ? '–' : formatDuration(l.billsec)}</td>
                  <td>{l.disposition ?? '–'}</td>
                  <td className="mono">
                    {l.channel ?? '–'}
                    {l.dstchannel ? ` → ${l.dstchannel}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Recordings ({r.recordFiles.length})</h3>
      {r.recordFiles.length === 0 ? (
        <p className="muted">No recording.</p>
      ) : (
        <ul className="mono" data-testid="cdr-recordings">
          {r.recordFiles.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
    </aside>
  );
}
