/**
 * One error type for everything that can go wrong in main, so that the IPC router, the CLI and the
 * UI can all say the same plain-language thing and pick the same exit code.
 *
 * `message` is written for an operator ("UCM rejected the password for user cdrapi (status -37)").
 * It must never contain a secret: build it from profile ids, host names, status codes and counts,
 * never from request bodies, tokens or keys.
 */

export const ERROR_CODES = [
  'usage', // wrong arguments / malformed request from the renderer or CLI
  'config', // profile missing or invalid, config file corrupt, secret not set
  'keychain', // OS keychain unavailable or refused
  'auth', // backend rejected credentials / token / signature
  'connection', // could not reach the backend, TLS or host key problem
  'timeout', // backend too slow
  'protocol', // backend answered something we cannot understand or that is too large
  'policy', // refused by dial policy, rate limit, allowlist
  'not_found', // object does not exist
  'cancelled', // operator cancelled
  'unsupported', // the backend does not offer this
  'internal', // bug: message is generic, details go to the log only
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** CLI exit codes fixed by the foundation issue. */
export const EXIT_CODES = {
  ok: 0,
  usage: 1,
  config: 2,
  auth: 3,
  connection: 4,
  policy: 5,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'usage':
      return EXIT_CODES.usage;
    case 'config':
    case 'keychain':
    case 'not_found':
      return EXIT_CODES.config;
    case 'auth':
      return EXIT_CODES.auth;
    case 'connection':
    case 'timeout':
    case 'protocol':
    case 'unsupported':
    case 'cancelled':
      return EXIT_CODES.connection;
    case 'policy':
      return EXIT_CODES.policy;
    case 'internal':
      return EXIT_CODES.connection;
  }
}

export interface ErrorDetails {
  /** Backend status code, e.g. UCM -37, HTTP 401. Safe to show. */
  status?: string | number;
  /** Non-secret data for the UI, e.g. a certificate fingerprint to accept. */
  data?: Record<string, string | number | boolean | null>;
  /**
   * What is wrong with each field of a form, keyed by its dotted path ("transport.port"), in words
   * (from the schema's issues), so a form can show each next to its field without parsing prose.
   */
  fields?: FieldErrors;
}

/** Field path → what is wrong with it, in words. */
export type FieldErrors = Record<string, string>;

/** At most this many fields, with bounded paths and texts, cross IPC. */
export const MAX_FIELD_ERRORS = 20;

export class CallboardError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CallboardError';
    this.code = code;
    this.details = details;
  }
}

export function isCallboardError(e: unknown): e is CallboardError {
  return e instanceof CallboardError;
}

/** Error shape that crosses IPC and is printed by the CLI with --json: no stack, no cause. */
export interface PublicError {
  code: ErrorCode;
  message: string;
  status?: string | number;
  data?: Record<string, string | number | boolean | null>;
  fields?: FieldErrors;
}

export function toPublicError(e: unknown): PublicError {
  if (isCallboardError(e)) {
    const out: PublicError = { code: e.code, message: e.message };
    if (e.details.status !== undefined) out.status = e.details.status;
    if (e.details.data !== undefined) out.data = e.details.data;
    if (e.details.fields !== undefined) {
      const entries = Object.entries(e.details.fields).slice(0, MAX_FIELD_ERRORS);
      if (entries.length) out.fields = Object.fromEntries(entries.map(([k, v]) => [k.slice(0, 200), v.slice(0, 300)]));
    }
    return out;
  }
  // Unknown errors may carry anything (a request body, a path with a token): never forward their text.
  return { code: 'internal', message: 'An unexpected error occurred in Callboard; details are in the log.' };
}
