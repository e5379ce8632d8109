/** Settings: profiles — list, add, edit, delete, import, export, secrets, connection test. */
import { useEffect, useState } from 'react';
import type { Profile, ProfileKind } from '../../../src-main/profiles/schema';
import { useProfiles, kindLabel, type ProfileView, type TestResult } from '../stores/profiles';
import { useNotices } from '../stores/notices';
import { bridge, unwrap, messageOf } from '../api';
import { ProfileForm } from '../components/ProfileForm';
import { SecretField } from '../components/SecretField';
import { TrustDialog } from '../components/TrustDialog';
import { Dialog } from '../components/Dialog';
import { TicketTemplateSection } from '../components/TicketTemplateSection';
import { DisplayZoneSection } from '../components/DisplayZoneSection';
import { useSettingsIntent } from '../stores/settings-intent';

type Editing = { mode: 'new'; kind: ProfileKind } | { mode: 'edit'; id: string } | null;

export function SettingsView() {
  const { profiles, kinds, problem, loadError, load, remove, test, tests } = useProfiles();
  const notices = useNotices.getState();
  // Opened from the first-run screen's "Add a …": start on that kind's form.
  const [intent] = useState(() => useSettingsIntent.getState().take());
  const [editing, setEditing] = useState<Editing>(intent ? { mode: 'new', kind: intent } : null);
  // The kinds come from main's backend registry (profiles:kinds), in its order.
  const [chosenKind, setNewKind] = useState<ProfileKind | null>(intent ?? null);
  const newKind = chosenKind ?? kinds[0]?.kind ?? null;
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [trustFor, setTrustFor] = useState<{ id: string; identity: NonNullable<TestResult['trust']> } | null>(null);

  useEffect(() => {
    void load();
  }, [load]);

  const selected: ProfileView | undefined = editing?.mode === 'edit' ? profiles.find((p) => p.profile.id === editing.id) : undefined;
  const formKind: ProfileKind | undefined = editing?.mode === 'new' ? editing.kind : selected?.profile.kind;
  const secretNames = (kind: ProfileKind) => kinds.find((k) => k.kind === kind)?.secrets ?? [];
  const secretLabelOf = (kind: ProfileKind, name: string) => kinds.find((k) => k.kind === kind)?.secretLabels[name] ?? name;

  async function runTest(id: string) {
    const res = await test(id);
    if (res?.trust) setTrustFor({ id, identity: res.trust });
  }

  async function doImport() {
    try {
      const r = await unwrap(bridge().profiles.import({}));
      if (r.cancelled) return;
      notices.info(`Imported profiles: ${r.added.length} added, ${r.updated.length} updated.`);
      await load();
    } catch (e) {
      notices.error(messageOf(e));
    }
  }

  async function doExport() {
    try {
      const r = await unwrap(bridge().profiles.export({}));
      if (!r.cancelled) notices.info(`Exported ${r.count} profile${r.count === 1 ? '' : 's'} (no secrets)${r.path ? ` to ${r.path}` : ''}.`);
    } catch (e) {
      notices.error(messageOf(e));
    }
  }

  async function doDelete(id: string) {
    try {
      await remove(id);
      notices.info(`Deleted profile ${id}.`);
      if (editing?.mode === 'edit' && editing.id === id) setEditing(null);
    } catch (e) {
      notices.error(messageOf(e));
    }
    setConfirmDelete(null);
  }

  return (
    <div className="view settings-view" data-testid="view-settings">
      <div className="toolbar">
        <h1>Profiles</h1>
        <label htmlFor="new-kind" className="sr-only">
          Kind of new profile
        </label>
        <select id="new-kind" value={newKind ?? ''} onChange={(e) => setNewKind(kinds.find((k) => k.kind === e.target.value)?.kind ?? null)} data-testid="new-kind">
          {kinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
        <button type="button" className="primary" disabled={!newKind} onClick={() => newKind && setEditing({ mode: 'new', kind: newKind })} data-testid="profile-add">
          Add profile
        </button>
        <span className="spacer" />
        <button type="button" onClick={() => void doImport()} data-testid="profiles-import">
          Import…
        </button>
        <button type="button" onClick={() => void doExport()} disabled={profiles.length === 0} data-testid="profiles-export">
          Export…
        </button>
      </div>
      {problem && (
        <div className="error-box" role="alert" data-testid="profiles-problem">
          {problem}
        </div>
      )}
      {loadError && (
        <div className="error-box" role="alert">
          {loadError}
        </div>
      )}
      <div className="split">
        <div className="pane list-pane">
          <table className="grid" data-testid="profiles-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>ID</th>
                <th>Kind</th>
                <th>Secrets</th>
                <th>Connection</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {profiles.length === 0 && (
                <tr>
                  <td colSpan={6} className="empty">
                    No profiles yet. Pick a kind above and press "Add profile", or import a profiles file.
                  </td>
                </tr>
              )}
              {profiles.map((p) => {
                const t = tests[p.profile.id];
                // Only the secrets this profile's settings use count ("2/2 set" for a TCP sensor with AES).
                const names = p.needed ?? secretNames(p.profile.kind);
                const setCount = names.filter((n) => p.secrets[n]).length;
                return (
                  <tr key={p.profile.id} className={selected?.profile.id === p.profile.id ? 'selected' : ''} data-testid={`profile-row-${p.profile.id}`}>
                    <td>{p.profile.name}</td>
                    <td className="mono">{p.profile.id}</td>
                    <td>{kindLabel(p.profile.kind)}</td>
                    <td>{names.length ? `${setCount}/${names.length} set` : '–'}</td>
                    <td className="test-cell" data-testid={`profile-test-result-${p.profile.id}`}>
                      {t?.running ? 'Testing…' : t?.result ? <span className={t.result.ok ? 'ok-text' : 'error'}>{t.result.message}</span> : t?.error ? <span className="error">{t.error}</span> : ''}
                    </td>
                    <td className="actions">
                      <button type="button" onClick={() => setEditing({ mode: 'edit', id: p.profile.id })} data-testid={`profile-edit-${p.profile.id}`}>
                        Edit
                      </button>
                      <button type="button" onClick={() => void runTest(p.profile.id)} disabled={t?.running} data-testid={`profile-test-${p.profile.id}`}>
                        Test connection
                      </button>
                      <button type="button" className="danger" onClick={() => setConfirmDelete(p.profile.id)} data-testid={`profile-delete-${p.profile.id}`}>
                        Delete
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <DisplayZoneSection />
          <TicketTemplateSection />
        </div>
        {editing && formKind && (
          <div className="pane edit-pane">
            {selected && secretNames(selected.profile.kind).length > 0 && (
              <section className="secrets" data-testid="secrets-section">
                <h3>Secrets (stored in the system keychain, never shown)</h3>
                {secretNames(selected.profile.kind).map((n) => (
                  <SecretField key={n} profileId={selected.profile.id} name={n} label={secretLabelOf(selected.profile.kind, n)} isSet={selected.secrets[n] === true} />
                ))}
              </section>
            )}
            <ProfileForm
              key={editing.mode === 'new' ? `new-${editing.kind}` : editing.id}
              kind={formKind}
              original={editing.mode === 'edit' ? ((selected?.profile as Profile | undefined) ?? null) : null}
              onSaved={(p) => {
                notices.info(`Saved profile ${p.id}.${editing.mode === 'new' && secretNames(p.kind).length ? ' Now set its secrets above the form.' : ''}`);
                setEditing({ mode: 'edit', id: p.id });
              }}
              onCancel={() => setEditing(null)}
            />
          </div>
        )}
      </div>
      <Dialog title={`Delete profile ${confirmDelete ?? ''}?`} open={confirmDelete !== null} onClose={() => setConfirmDelete(null)} onConfirm={() => confirmDelete && void doDelete(confirmDelete)} confirmLabel="Delete" danger initialFocus="cancel" testId="delete-dialog">
        <p>The profile and its secrets in the system keychain are removed from this computer. This cannot be undone.</p>
      </Dialog>
      {trustFor && (
        <TrustDialog
          profileId={trustFor.id}
          identity={trustFor.identity}
          onDone={(accepted) => {
            setTrustFor(null);
            if (accepted) void runTest(trustFor.id);
          }}
        />
      )}
    </div>
  );
}
