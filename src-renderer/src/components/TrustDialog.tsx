/** First contact with a TLS certificate or SSH host key: show what main saw; pin only on "Accept". */
import { useState } from 'react';
import { Dialog } from './Dialog';
import { useProfiles, type TestResult } from '../stores/profiles';
import { useNotices } from '../stores/notices';
import { messageOf } from '../api';

type Identity = NonNullable<TestResult['trust']>;

interface Props {
  profileId: string;
  identity: Identity | null;
  onDone(accepted: boolean): void;
}

export function TrustDialog({ profileId, identity, onDone }: Props) {
  const trust = useProfiles((s) => s.trust);
  const notices = useNotices.getState();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!identity) return null;
  const thing = identity.kind === 'tls' ? 'certificate' : 'SSH host key';

  async function accept() {
    if (!identity) return;
    setBusy(true);
    setError(null);
    try {
      await trust(profileId, identity.fingerprint);
      notices.info(`Pinned the ${thing} of ${profileId}. Test the connection again to connect.`);
      onDone(true);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Accept the ${thing} of ${profileId}?`} open onClose={() => onDone(false)} onConfirm={accept} confirmLabel="Accept" busy={busy} testId="trust-dialog">
      <p>Callboard has not talked to this server before. Compare the fingerprint with the one your administrator gave you before accepting.</p>
      <dl className="kv">
        <dt>Fingerprint (SHA-256)</dt>
        <dd className="mono" data-testid="trust-fingerprint">{identity.fingerprint}</dd>
        {identity.subject && (<><dt>Subject</dt><dd>{identity.subject}</dd></>)}
        {identity.issuer && (<><dt>Issuer</dt><dd>{identity.issuer}</dd></>)}
        {identity.validFrom && (<><dt>Valid from</dt><dd>{identity.validFrom}</dd></>)}
        {identity.validTo && (<><dt>Valid to</dt><dd>{identity.validTo}</dd></>)}
      </dl>
      {error && <p className="error" role="alert">{error}</p>}
    </Dialog>
  );
}
