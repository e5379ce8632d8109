/** Extensions and queues of the PBXs whose backend has a directory, with presence. */
import { useEffect, useMemo, useState } from 'react';
import { kindLabel, profilesWith, useProfiles } from '../stores/profiles';
import { useDirectory, type DirectoryEntry } from '../stores/directory';
import { VirtualTable, type Column } from '../components/VirtualTable';
import { DialButton } from '../components/DialButton';
import { useOriginate } from '../stores/originate';

export function DirectoryView() {
  const profiles = useProfiles((s) => s.profiles);
  const loadProfiles = useProfiles((s) => s.load);
  const pbxs = useMemo(() => profilesWith(profiles, 'directory'), [profiles]);
  const kinds = useProfiles((s) => s.kinds);
  const [profileId, setProfileId] = useState('');
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const current = pbxs.find((p) => p.id === profileId) ?? pbxs[0];
  const state = useDirectory((s) => (current ? s.byProfile[current.id] : undefined));
  const load = useDirectory((s) => s.load);
  const note = current ? (kinds.find((k) => k.kind === current.kind)?.note ?? null) : null;

  useEffect(() => {
    if (!profiles.length) void loadProfiles();
  }, [profiles.length, loadProfiles]);
  useEffect(() => {
    if (current) void load(current.id);
  }, [current, load]);

  const columns: Column<DirectoryEntry>[] = useMemo(
    () => [
      { id: 'ext', header: 'Extension', width: 110, cell: (e) => <DialButton number={e.extension} profileId={current?.id ?? ''} testId={`dir-dial-${e.extension}`} /> },
      { id: 'name', header: 'Name', width: 200, cell: (e) => e.name },
      {
        id: 'presence',
        header: 'Presence',
        width: 220,
        cell: (e) => <span className={e.available === true ? 'ok-text' : e.available === false ? 'muted' : ''}>{e.available === true ? '● ' : e.available === false ? '○ ' : ''}{e.presence ?? '–'}</span>,
      },
      { id: 'detail', header: 'Detail', width: 200, cell: (e) => e.detail ?? '' },
    ],
    [current?.id],
  );

  const rows = useMemo(() => {
    const t = filter.toLowerCase().trim();
    const all = state?.data?.entries ?? [];
    return t ? all.filter((e) => `${e.extension} ${e.name} ${e.presence ?? ''} ${e.detail ?? ''}`.toLowerCase().includes(t)) : all;
  }, [state, filter]);

  return (
    <div className="view" data-testid="view-directory">
      <div className="toolbar">
        <h1>Extensions</h1>
        <label htmlFor="dir-profile" className="sr-only">
          PBX
        </label>
        <select id="dir-profile" value={current?.id ?? ''} onChange={(e) => setProfileId(e.target.value)} data-testid="dir-profile">
          {pbxs.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({kindLabel(p.kind)})
            </option>
          ))}
        </select>
        <input type="search" placeholder="Filter" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter extensions" data-testid="dir-filter" />
        <button type="button" disabled={!current || state?.loading} onClick={() => current && void load(current.id, true)} data-testid="dir-refresh">
          {state?.loading ? 'Loading…' : 'Refresh'}
        </button>
        <button type="button" className="primary" onClick={() => useOriginate.getState().open('', current?.id ?? '')} data-testid="dial-typed">
          Call a number…
        </button>
        <span className="spacer" />
        <span className="count">{rows.length} extensions</span>
      </div>
      {note && (
        <p className="hint note" data-testid="backend-note">
          {note}
        </p>
      )}
      {state?.error && (
        <div className="error-box" role="alert">
          {state.error}
        </div>
      )}
      <div className="split">
        <VirtualTable rows={rows} columns={columns} rowKey={(e) => e.extension} selectedKey={selected} onSelect={setSelected} label="Extensions" testId="dir-table" emptyText={pbxs.length ? 'No extensions.' : 'Add a PBX profile with a directory in Settings.'} />
        {state?.data && state.data.queues.length > 0 && (
          <aside className="detail-panel" aria-label="Queues" data-testid="dir-queues">
            <h2>Queues</h2>
            <table className="grid">
              <thead>
                <tr>
                  <th>Queue</th>
                  <th>Strategy</th>
                  <th>Members</th>
                </tr>
              </thead>
              <tbody>
                {state.data.queues.map((q) => (
                  <tr key={q.id}>
                    <td>{q.name}</td>
                    <td>{q.strategy ?? '–'}</td>
                    <td className="mono">{q.members.join(', ') || '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </aside>
        )}
      </div>
    </div>
  );
}
