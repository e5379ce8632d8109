/**
 * The click-to-call dialog. Opened from any number (live call, CDR row, directory) or typed.
 * Enter confirms the current step, Escape cancels (and voids the token); focus stays in the dialog.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Dialog } from './Dialog';
import { useOriginate, CLASS_WORDS } from '../stores/originate';
import { profilesWith, profileCan, useProfiles } from '../stores/profiles';
import { useDirectory } from '../stores/directory';

export function OriginateDialog() {
  const o = useOriginate();
  const profiles = useProfiles((s) => s.profiles);
  const loadProfiles = useProfiles((s) => s.load);
  const pbxs = useMemo(() => profilesWith(profiles, 'originate'), [profiles]);
  const open = o.phase !== 'closed';
  const current = pbxs.find((p) => p.id === o.profileId);
  const dir = useDirectory((s) => (o.profileId ? s.byProfile[o.profileId] : undefined));
  const loadDir = useDirectory((s) => s.load);
  const numberRef = useRef<HTMLInputElement>(null);
  const digitsRef = useRef<HTMLInputElement>(null);
  const [typed, setTyped] = useState('');

  // Typed mode starts in the number field (the dialog otherwise focuses its confirm button).
  useEffect(() => {
    if (o.phase === 'input' && !o.destination) numberRef.current?.focus();
  }, [o.phase, o.destination]);

  useEffect(() => {
    if (open && !profiles.length) void loadProfiles();
  }, [open, profiles.length, loadProfiles]);

  // A number clicked on a VoIPmonitor row has no PBX of its own: pick the only PBX if there is one.
  useEffect(() => {
    if (open && !current && pbxs.length === 1 && pbxs[0]) o.setInput({ profileId: pbxs[0].id });
  }, [open, current, pbxs, o]);

  useEffect(() => {
    if (open && current && profileCan(current.id, 'directory') && o.phase === 'input') void loadDir(current.id);
  }, [open, current, o.phase, loadDir]);

  const p = o.prepared;
  const step = o.phase;
  // The international confirmation is a deliberate act: type the number's last digits (Enter, Enter
  // on a focused "Yes" passed it before).
  const lastDigits = (p?.normalized ?? '').replace(/\D/g, '').slice(-4);
  const digitsOk = typed.replace(/\D/g, '') === lastDigits && lastDigits.length > 0;
  useEffect(() => {
    setTyped('');
    if (step === 'confirm2') digitsRef.current?.focus();
  }, [step]);
  const country = countryName(p?.country ?? null);
  const title = step === 'confirm2' ? `Call ${country ? `${country} (international)` : 'an international number'}?` : step === 'result' ? 'Call placed' : step === 'refused' ? 'Call refused' : 'Place a call';
  const confirmLabel = step === 'input' || step === 'preparing' ? 'Check number' : step === 'confirm2' ? `Call ${country ?? 'abroad'}` : 'Call';
  const infoOnly = step === 'result' || step === 'refused';

  return (
    <Dialog
      title={title}
      open={open}
      onClose={o.close}
      {...(infoOnly ? {} : { onConfirm: () => void (step === 'input' ? o.prepare() : o.confirm()) })}
      confirmLabel={confirmLabel}
      danger={step === 'confirm2'}
      busy={step === 'preparing' || step === 'dialing'}
      initialFocus={step === 'confirm2' ? 'none' : 'confirm'}
      confirmDisabled={step === 'confirm2' && !digitsOk}
      testId="originate-dialog"
    >
      {(step === 'input' || step === 'preparing') && (
        <div className="originate-input">
          <label className="field">
            <span>PBX</span>
            <select value={o.profileId} onChange={(e) => o.setInput({ profileId: e.target.value })} data-testid="originate-profile">
              <option value="">Choose…</option>
              {pbxs.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name} ({x.id})
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Number</span>
            <input type="text" value={o.destination} onChange={(e) => o.setInput({ destination: e.target.value })} ref={numberRef} maxLength={160} data-testid="originate-number" aria-invalid={o.error ? true : undefined} />
          </label>
          {dir?.data && dir.data.entries.length > 0 && (
            <label className="field">
              <span>Or pick</span>
              <select value="" onChange={(e) => e.target.value && o.setInput({ destination: e.target.value })} data-testid="originate-pick">
                <option value="">{dir.data.entries.length} extensions…</option>
                {dir.data.entries.map((x) => (
                  <option key={x.extension} value={x.extension}>
                    {x.extension} {x.name}
                    {x.presence ? ` — ${x.presence}` : ''}
                  </option>
                ))}
              </select>
            </label>
          )}
          {pbxs.length === 0 && <p className="muted">Add a UCM or Wildix profile in Settings to place calls.</p>}
          {step === 'preparing' && <p className="muted">Checking the number against the dial policy…</p>}
        </div>
      )}
      {p && (step === 'prepared' || step === 'confirm2' || step === 'dialing') && (
        <dl className="kv" data-testid="originate-summary">
          <div className="kv-row">
            <dt>Number</dt>
            <dd className="mono" data-testid="originate-normalized">
              {p.normalized}
            </dd>
          </div>
          <div className="kv-row">
            <dt>Kind</dt>
            <dd data-testid="originate-class" className={p.cls === 'international' ? 'error' : ''}>
              {CLASS_WORDS[p.cls]}
              {country && p.cls !== 'internal' ? ` in ${country}` : ''}
            </dd>
          </div>
          <div className="kv-row">
            <dt>Rings first</dt>
            <dd data-testid="originate-extension">
              your extension <span className="mono">{p.operatorExtension}</span> on {current?.name ?? p.profileId}
            </dd>
          </div>
        </dl>
      )}
      {step === 'prepared' && <p className="muted">Your phone rings first; when you pick up, the PBX dials {p?.normalized}. Enter calls, Esc cancels.</p>}
      {step === 'confirm2' && (
        <div data-testid="originate-confirm2">
          <p className="error">
            {p?.normalized} is a number in {country ?? 'another country'} and may be expensive. To call it, type its last {lastDigits.length} digits.
          </p>
          <label className="field">
            <span>Last {lastDigits.length} digits</span>
            <input
              ref={digitsRef}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              maxLength={8}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-describedby="originate-digits-help"
              data-testid="originate-digits"
            />
          </label>
          <p className="muted" id="originate-digits-help">
            {digitsOk ? 'Enter calls.' : 'The call button stays disabled until the digits match; Esc cancels.'}
          </p>
        </div>
      )}
      {step === 'dialing' && <p className="muted">Asking the PBX to place the call…</p>}
      {step === 'result' && o.result && (
        <p className={o.result.ok ? 'ok-text' : 'error'} data-testid="originate-result">
          {o.result.message}
          {o.result.deduplicated ? ' (the same call was already placed a moment ago; it was not placed twice)' : ''}
        </p>
      )}
      {step === 'result' && o.callState && (
        <p data-testid="originate-state">
          Call state: <strong>{o.callState}</strong>
        </p>
      )}
      {o.error && (
        <p className="error" role="alert" data-testid="originate-error">
          {o.error}
        </p>
      )}
    </Dialog>
  );
}

/** "Czechia" for "CZ" (the operator's language is English throughout the console). */
function countryName(code: string | null): string | null {
  if (!code) return null;
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
