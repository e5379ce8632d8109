/** Extensions and queues of the PBXs (UCM extensions, Wildix colleagues and queues) with presence. */
import { useEffect, useMemo, useState } from 'react';
import { useProfiles } from '../stores/profiles';
import { useDirectory, type DirectoryEntry } from '../stores/directory';
import { VirtualTable, type Column } from '../components/VirtualTable';
import { DialButton } from '../components/DialButton';
import { useOriginate } from '../stores/originate';

export function DirectoryView() {
  const profiles = useProfiles((s) => s.profiles);
  const loadProfiles = useProfiles((s) => s.load);
  const pbxs = useMemo(() => profiles.map((p) => p.profile).filter((p) => p.kind === 'ucm' || p.kind === 'wildix'), [profiles]);
  const [profileId, setProfileId] = useState('');
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const current = pbxs.find((p) => p.id === profileId) ?? pbxs[0];
  const state = useDirectory((s) => (current ? s.byProfile[current.id] : undefined));
  const load = useDirectory((s) => s.load);
  const wildixNote = useDirectory((s) => s.wildixNote);
  const loadNote = useDirectory((s) => s.loadWildixNote);

  useEffect(() => {
    if (!profiles.length) void loadProfiles();
  }, [profiles.length, loadProfiles]);
  useEffect(() => {
    if (current && (current.kind === 'ucm' || current.kind === 'wildix')) void load(current.id, current.kind);
    if (current?.kind === 'wildix') void loadNote();
  }, [current, load, loadNote]);

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
              {p.name} ({p.kind === 'ucm' ? 'UCM' : 'Wildix'})
            </option>
          ))}
        </select>
        <input type="search" placeholder="Filter" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter extensions" data-testid="dir-filter" />
        <button type="button" disabled={!current || state?.loading} onClick={() => current && (current.kind === 'ucm' || current.kind === 'wildix') && void load(current.id, current.kind, true)} data-testid="dir-refresh">
          {state?.loading ? 'Loading…' : 'Refresh'}
        </button>
        <button type="button" className="primary" onClick={() => useOriginate.getState().open('', current?.id ?? '')} data-testid="dial-typed">
          Call a number…
        </button>
        <span className="spacer" />
        <span className="count">{rows.length} extensions</span>
      </div>
      {current?.kind === 'wildix' && wildixNote && (
        <p className="hint note" data-testid="wildix-live-note">
          {wildixNote}
        </p>
      )}
      {state?.error && (
        <div className="error-box" role="alert">
          {state.error}
        </div>
      )}
      <div className="split">
        <VirtualTable rows={rows} columns={columns} rowKey={(e) => e.extension} selectedKey={selected} onSelect={setSelected} label="Extensions" testId="dir-table" emptyText={pbxs.length ? 'No extensions.' : 'Add a UCM or Wildix profile in Settings.'} />
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
