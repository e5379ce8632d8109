/**
 * Main-process logger. Every line passes through the redactor: secret values read from the keychain
 * are registered here and replaced by "[redacted]" wherever they appear, as a second line of defence
 * behind "never format a secret into a message" (third-party errors may echo request bodies).
 */
type Level = 'debug' | 'info' | 'warn' | 'error';

const secrets = new Set<string>();
/** Values shorter than this are not redacted: they would mangle ordinary words and numbers. */
const MIN_REDACT_LENGTH = 4;

export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= MIN_REDACT_LENGTH) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('[redacted]');
  return out;
}

/** A JWT (three base64url parts, the first a JSON object) and an Authorization value. */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const AUTH_VALUE = /\b(Bearer|Basic)\s+[A-Za-z0-9+/=._~-]+/gi;
const MAX_SERVER_TEXT = 200;

/**
 * Server text shown to the operator: single line, bounded, no control characters, and no credential.
 * A PBX or proxy may echo the request's token or Basic header in its error text; neither a per-request
 * JWT nor a Basic header is a keychain value the redactor knows, so they are cut here (`credentials`:
 * values of this request to cut as well, e.g. the base64 of a Basic header).
 */
export function cleanServerText(v: unknown, credentials: readonly string[] = []): string | null {
  if (typeof v !== 'string') return null;
  let s = v.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  for (const c of credentials) if (c.length >= 4) s = s.split(c).join('[redacted]');
  s = redact(s).replace(AUTH_VALUE, '$1 [redacted]').replace(JWT_LIKE, '[redacted]').trim();
  if (!s) return null;
  return s.length > MAX_SERVER_TEXT ? s.slice(0, MAX_SERVER_TEXT) + '…' : s;
}

export type LogSink = (line: string) => void;
let sink: LogSink = (line) => process.stderr.write(line + '\n');
let minLevel: Level = (process.env.CALLBOARD_LOG_LEVEL as Level) || 'warn';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function setLogSink(s: LogSink): void {
  sink = s;
}
export function setLogLevel(l: Level): void {
  minLevel = l;
}

function fmt(v: unknown): string {
  if (v instanceof Error) return `${v.name}: ${v.message}`; // no stack in normal logs
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

function write(level: Level, scope: string, parts: unknown[]): void {
  if (order[level] < order[minLevel]) return;
  sink(redact(`${new Date().toISOString()} ${level.toUpperCase()} [${scope}] ${parts.map(fmt).join(' ')}`));
}

export function logger(scope: string) {
  return {
    debug: (...p: unknown[]) => write('debug', scope, p),
    info: (...p: unknown[]) => write('info', scope, p),
    warn: (...p: unknown[]) => write('warn', scope, p),
    error: (...p: unknown[]) => write('error', scope, p),
  };
}
export type Logger = ReturnType<typeof logger>;
