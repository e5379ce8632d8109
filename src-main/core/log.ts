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
