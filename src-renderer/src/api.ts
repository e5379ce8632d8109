/**
 * The renderer's only door to main: `window.callboard`, built by the preload from the IPC contract.
 * Only TYPES come from src-main; the page never imports main's runtime code.
 */
import type { CallboardApi } from '../../src-main/preload/api';
import type { Envelope } from '../../src-main/ipc/contract';
import type { ErrorCode, FieldErrors } from '../../src-main/core/errors';

declare global {
  interface Window {
    callboard?: CallboardApi;
  }
}

/** An error envelope from main, as a throwable. `message` is already written for the operator. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: string | number | undefined;
  readonly data: Record<string, string | number | boolean | null> | undefined;
  /** Per-field problems (dotted path → words) when main rejected a form's values. */
  readonly fields: FieldErrors;
  constructor(code: ErrorCode, message: string, status?: string | number, data?: Record<string, string | number | boolean | null>, fields?: FieldErrors) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.data = data;
    this.fields = fields ?? {};
  }
}

export function bridge(): CallboardApi {
  const cb = window.callboard;
  if (!cb) throw new ApiError('internal', 'The Callboard bridge is missing: this page must run inside the Callboard window.');
  return cb;
}

/** Turns an envelope into its value, or throws ApiError with main's plain-language message. */
export async function unwrap<T>(pending: Promise<Envelope<T>>): Promise<T> {
  const env = await pending;
  if (env.ok) return env.value;
  throw new ApiError(env.error.code, env.error.message, env.error.status, env.error.data, env.error.fields);
}

/** A message to show for anything caught in the UI (never a stack trace). */
export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && e.message) return `Unexpected problem in the window: ${e.message}`;
  return 'Unexpected problem in the window.';
}
