import { CallboardError } from './errors';

/** An identity seen on first contact that the operator has to accept before we talk to the host. */
export interface TrustIdentity {
  kind: 'tls' | 'ssh';
  /** TLS: colon-separated upper-case SHA-256 hex. SSH: "SHA256:base64" as ssh-keygen -l prints it. */
  fingerprint: string;
  subject?: string;
  issuer?: string;
  validFrom?: string;
  validTo?: string;
}

/**
 * Thrown by a connector that met an unpinned server identity. It carries only public data
 * (fingerprints, certificate names) so it can cross IPC and be shown for acceptance.
 */
export class TrustRequiredError extends CallboardError {
  readonly identity: TrustIdentity;
  constructor(identity: TrustIdentity, what: string) {
    const data: Record<string, string> = { trustKind: identity.kind, fingerprint: identity.fingerprint };
    for (const k of ['subject', 'issuer', 'validFrom', 'validTo'] as const) if (identity[k]) data[k] = identity[k] as string;
    super(
      'connection',
      `First contact with ${what}: check the ${identity.kind === 'tls' ? 'certificate' : 'host key'} fingerprint ${identity.fingerprint} and accept it to continue.`,
      { data },
    );
    this.name = 'TrustRequiredError';
    this.identity = identity;
  }
}

/** A pinned identity changed: always a hard error, with both fingerprints shown. */
export function identityMismatch(kind: 'tls' | 'ssh', what: string, pinned: string, seen: string): CallboardError {
  const thing = kind === 'tls' ? 'certificate' : 'host key';
  return new CallboardError(
    'connection',
    `The ${thing} of ${what} has changed: pinned ${pinned}, now presented ${seen}. This may be an attack or a replaced ${kind === 'tls' ? 'certificate' : 'server'}; Callboard will not connect until an administrator verifies it and updates the profile.`,
    { data: { pinned, seen } },
  );
}
