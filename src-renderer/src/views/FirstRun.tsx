/**
 * First start (no profiles yet): what each kind of profile is for and what its form asks, a way to
 * import a profile file, and how to try the console against simulators first.
 */
import type { ProfileKind } from '../../../src-main/profiles/schema';
import { useProfiles } from '../stores/profiles';
import { useSettingsIntent } from '../stores/settings-intent';
import { useNav } from '../stores/nav';
import { useNotices } from '../stores/notices';
import { bridge, unwrap, messageOf } from '../api';
import { plural } from '../../../src-shared/time-format';

export function FirstRun() {
  const load = useProfiles((s) => s.load);
  // Each backend describes itself (main's descriptors, profiles:kinds).
  const kinds = useProfiles((s) => s.kinds);

  function add(kind: ProfileKind) {
    useSettingsIntent.getState().request(kind);
    useNav.getState().go('settings');
  }

  async function importFile() {
    try {
      const r = await unwrap(bridge().profiles.import({}));
      if (r.cancelled) return;
      useNotices.getState().info(`Imported ${plural(r.added.length + r.updated.length, 'profile')}. Set their secrets in Settings.`);
      await load();
      useNav.getState().go('settings');
    } catch (e) {
      useNotices.getState().error(messageOf(e));
    }
  }

  return (
    <div className="view first-run" data-testid="first-run">
      <div className="first-run-body">
        <h1>Welcome to Callboard</h1>
        <p>Callboard shows the calls of your VoIP network live, searches call records, places calls safely and links them to their captures. Start by telling it about a system:</p>
        <h2>Add a profile</h2>
        <ul className="kind-cards">
          {kinds.map((k) => (
            <li key={k.kind} className="kind-card">
              <h3>{k.label}</h3>
              <p>{k.intro.what}</p>
              <dl className="kv">
                {k.intro.asks.map(([f, d]) => (
                  <div key={f} className="kv-row">
                    <dt>{f}</dt>
                    <dd>{d}</dd>
                  </div>
                ))}
              </dl>
              <button type="button" className="primary" onClick={() => add(k.kind)} data-testid={`first-run-add-${k.kind}`}>
                Add a {k.label}
              </button>
            </li>
          ))}
        </ul>
        <h2>Or</h2>
        <div className="form-actions">
          <button type="button" onClick={() => void importFile()} data-testid="first-run-import">
            Import a profile file…
          </button>
        </div>
        <p className="field-help">A file exported from another Callboard (Settings → Export); it never contains secrets.</p>
        <h2>Try it first</h2>
        <p>
          <code>npm run demo</code> starts simulated VoIPmonitor sensors, a UCM and a Wildix PBX on this computer and opens Callboard with profiles for them (secrets in a separate keychain entry, never your real ones).
        </p>
      </div>
    </div>
  );
}
