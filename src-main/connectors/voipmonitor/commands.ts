/**
 * The only manager commands Callboard ever sends. The sniffer runs the first registered command whose
 * name appears ANYWHERE in an unknown line (docs/VOIPMONITOR.md, Wire protocol: commands Callboard sends), `restart` included, so the
 * first word is always one of these and arguments are JSON we build ourselves, never spliced text.
 */
import { CallboardError } from '../../core/errors';

export const READ_ONLY_COMMANDS = ['listcalls', 'listregisters', 'active_call_info', 'getversion', 'sniffer_stat', 'pcapstat', 'totalcalls'] as const;
/** Changes sensor state (opens/closes the manager socket file): only on an explicit operator request. */
export const OPERATOR_COMMANDS = ['manager_file'] as const;

export type ManagerCommand = (typeof READ_ONLY_COMMANDS)[number] | (typeof OPERATOR_COMMANDS)[number];

/** Commands the sniffer answers in plaintext over TCP even when it holds keys (docs/VOIPMONITOR.md, Wire protocol: AES envelope). */
export const NO_AES_NEEDED = new Set<string>(['getversion', 'sniffer_stat', 'manager_file', 'totalcalls']);

/** Commands whose reply may legitimately be empty; for all others empty = sensor starting/stopping (manager.cpp: an empty body is sent as nothing at all). */
const EMPTY_OK = new Set<string>([]);

export function emptyReplyAllowed(cmd: ManagerCommand): boolean {
  return EMPTY_OK.has(cmd);
}

const MAX_LINE = 4000;
const ALL = new Set<string>([...READ_ONLY_COMMANDS, ...OPERATOR_COMMANDS]);

/** A JSON-able argument object; strings may not contain CR or LF (the sniffer cuts the line there). */
export type JsonArg = string | number | boolean | null | JsonArg[] | { [k: string]: JsonArg };

function checkNoNewlines(v: JsonArg, path: string): void {
  if (typeof v === 'string') {
    if (/[\r\n\0]/.test(v)) throw new CallboardError('usage', `The value of ${path} contains a line break or NUL, which the sensor protocol cannot carry.`);
  } else if (Array.isArray(v)) v.forEach((x, i) => checkNoNewlines(x, `${path}[${i}]`));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { checkNoNewlines(k, path); checkNoNewlines(x, `${path}.${k}`); }
}

/**
 * Builds the command line. `args` is either a JSON object (encoded here) or, for the two commands that
 * take positional tokens, a list of tokens that must match a strict pattern.
 */
export function buildCommandLine(cmd: ManagerCommand, args?: { json: { [k: string]: JsonArg } } | { tokens: string[] }): string {
  if (!ALL.has(cmd)) throw new CallboardError('usage', `Callboard does not send the sensor command "${String(cmd).slice(0, 40)}".`);
  let line: string = cmd;
  if (args && 'json' in args) {
    checkNoNewlines(args.json, cmd);
    line += ' ' + JSON.stringify(args.json);
  } else if (args && 'tokens' in args) {
    for (const t of args.tokens) {
      // Tokens are call references (0x7f...), "start"/"stop" and absolute socket paths only.
      if (!/^[A-Za-z0-9_./-]{1,200}$/.test(t)) throw new CallboardError('usage', `The ${cmd} argument "${t.slice(0, 40)}" is not allowed.`);
    }
    if (args.tokens.length) line += ' ' + args.tokens.join(' ');
  }
  if (line.length > MAX_LINE) throw new CallboardError('usage', `The ${cmd} request is too long (${line.length} characters; at most ${MAX_LINE}).`);
  // Defence in depth: the word the sniffer will dispatch on is ours.
  if (line.split(/[ \t]/, 1)[0] !== cmd || /[\r\n]/.test(line)) throw new CallboardError('internal', 'Refused to build an unsafe sensor request.');
  return line;
}
