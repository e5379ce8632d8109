/**
 * A write-only secret: the operator can set, replace or clear it, never read it back. The typed value
 * lives only in this component's state until `secrets:set` returns, then it is wiped.
 */
import { useState } from 'react';
import { useProfiles } from '../stores/profiles';
import { useNotices } from '../stores/notices';
import { messageOf } from '../api';

/** `label` is the backend's own name for the secret (profiles:kinds). */
export function SecretField({ profileId, name, label, isSet }: { profileId: string; name: string; label: string; isSet: boolean }) {
  const setSecret = useProfiles((s) => s.setSecret);
  const clearSecret = useProfiles((s) => s.clearSecret);
  const notices = useNotices.getState();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = `secret-${name}`;

  async function submit() {
    if (!value) return;
    setBusy(true);
    setError(null);
    const v = value;
    setValue('');
    try {
      await setSecret(profileId, name, v);
      notices.info(`${label} saved in the system keychain for ${profileId}.`);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function clear() {
    setBusy(true);
    setError(null);
    try {
      await clearSecret(profileId, name);
      notices.info(`${label} removed from the keychain for ${profileId}.`);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="secret-row" data-testid={`secret-${name}`}>
      <label htmlFor={id}>{label}</label>
      <span className={`badge ${isSet ? 'ok' : 'muted'}`} data-testid={`secret-${name}-state`}>
        {isSet ? 'set' : 'not set'}
      </span>
      <input
        id={id}
        type="password"
        autoComplete="new-password"
        spellCheck={false}
        value={value}
        placeholder={isSet ? 'type a new value to replace' : 'type the value'}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void submit();
          }
        }}
        data-testid={`secret-${name}-input`}
      />
      <button type="button" disabled={busy || !value} onClick={() => void submit()} data-testid={`secret-${name}-set`}>
        {isSet ? 'Replace' : 'Set'}
      </button>
      <button type="button" disabled={busy || !isSet} onClick={() => void clear()} data-testid={`secret-${name}-clear`}>
        Clear
      </button>
      {error && <span className="error" role="alert">{error}</span>}
    </div>
  );
}
