/**
 * First start (no profiles yet): what each kind of profile is for and what its form asks, a way to
 * import a profile file, and how to try the console against simulators first.
 */
import type { ProfileKind } from '../../../src-main/profiles/schema';
import { useProfiles, kindLabel } from '../stores/profiles';
import { useSettingsIntent } from '../stores/settings-intent';
import { useNav } from '../stores/nav';
import { useNotices } from '../stores/notices';
import { bridge, unwrap, messageOf } from '../api';
import { plural } from '../../../src-shared/time-format';

const KINDS: { kind: ProfileKind; what: string; fields: [string, string][] }[] = [
  {
    kind: 'voipmonitor',
    what: 'Live calls with voice quality (MOS, loss, jitter), registrations and the SIP messages of a call, from a VoIPmonitor sniffer’s manager API.',
    fields: [
      ['Transport', 'TCP to the manager port (5029), its Unix socket, or SSH to the sensor host.'],
      ['Manager encryption', 'The manager_aes_key / manager_aes_iv of voipmonitor.conf when set; they are kept in the system keychain.'],
      ['Sensor time zone', 'The zone of the sensor’s clock, so its times are shown right.'],
    ],
  },
  {
    kind: 'ucm',
    what: 'Call records (CDR) search, live channels, click-to-call and hang-up on a Grandstream UCM.',
    fields: [
      ['Address', 'https://… of the UCM web interface; its certificate is shown for you to accept on first contact.'],
      ['API user', 'The CDR/API user of the UCM (the password goes to the keychain).'],
      ['Operator extension', 'Your own phone: a click-to-call rings it first.'],
      ['Dial policy', 'Which numbers may be dialled from a click (internal, national, mobile, international).'],
    ],
  },
  {
    kind: 'wildix',
    what: 'Call history, extensions with presence and click-to-call on a Wildix PBX.',
    fields: [
      ['Address', 'https://… of the PBX.'],
      ['Authentication', 'An S2S application (id and secret) or a user’s password.'],
      ['Operator extension', 'Your own phone: a click-to-call rings it first.'],
    ],
  },
  {
    kind: 'sipvault',
    what: 'Signed links to a call’s capture in SIP VAULT, for “Copy link” and ticket text.',
    fields: [
      ['Base URL', 'https://… of your SIP VAULT.'],
      ['Customer id', 'As SIP VAULT knows your organisation; the HMAC secret goes to the keychain.'],
    ],
  },
];

export function FirstRun() {
  const load = useProfiles((s) => s.load);

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
          {KINDS.map((k) => (
            <li key={k.kind} className="kind-card">
              <h3>{kindLabel(k.kind)}</h3>
              <p>{k.what}</p>
              <dl className="kv">
                {k.fields.map(([f, d]) => (
                  <div key={f} className="kv-row">
                    <dt>{f}</dt>
                    <dd>{d}</dd>
                  </div>
                ))}
              </dl>
              <button type="button" className="primary" onClick={() => add(k.kind)} data-testid={`first-run-add-${k.kind}`}>
                Add a {kindLabel(k.kind)}
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
