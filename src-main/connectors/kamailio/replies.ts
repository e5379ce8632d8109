/**
 * Parsers of the Kamailio RPC replies Callboard reads, as Kamailio 5.6 writes them (checked against the
 * real proxy in test/integration/kamailio/): `dlg.list` (dialog module), `ul.dump` (usrloc),
 * `core.version`, `core.uptime` and `stats.get_statistics` (core and kex). Pure functions over
 * untrusted JSON: every field is type-checked and bounded, a malformed row is skipped (and counted)
 * rather than sinking the whole list, and a reply of the wrong shape is an error in words.
 */
import { z } from 'zod';
import { CallboardError } from '../../core/errors';
import { noMediaFields, type LiveCall } from '../../domain/live-call';
import type { Registration } from '../../domain/voipmonitor';

const MAX_TEXT = 1024;
/** Unix seconds up to the year 2286; anything else is not a time. */
const epochSec = z.number().int().min(0).max(9_999_999_999);
const text = (max = MAX_TEXT) => z.string().max(max);
const optText = (max = MAX_TEXT) => text(max).optional().catch(undefined);

/** Dialog states of the dialog module (its admin guide, "Dialog states"; dlg_hash.h DLG_STATE_*). */
export const DIALOG_STATE_WORDS: Record<number, string> = {
  1: 'calling', // unconfirmed: INVITE sent, no reply with a to-tag yet
  2: 'ringing', // early: a provisional reply (180/183) with a to-tag
  3: 'answered', // confirmed, waiting for the ACK
  4: 'answered', // confirmed
  5: 'ended', // deleted (BYE seen), kept until its timers run out
};

/**
 * The shape of one dlg.list row as zod states it: the specification the fast reader below follows
 * (test/unit/kamailio/replies.test.ts checks the two agree on any input). A row without its hash
 * handle is left out; any other field of the wrong type or over its bound is emptied.
 */
const legSchema = z
  .object({ tag: optText(256), contact: optText(), socket: optText(256), cseq: optText(32) })
  .catch({});

export const dialogSchema = z.object({
  h_entry: z.number().int().min(0).max(0xffffffff),
  h_id: z.number().int().min(0).max(0xffffffff),
  'call-id': text().catch(''),
  from_uri: text().catch(''),
  to_uri: text().catch(''),
  state: z.number().int().min(1).max(5).nullable().catch(null),
  start_ts: epochSec.catch(0),
  init_ts: epochSec.catch(0),
  end_ts: epochSec.catch(0),
  duration: z.number().int().min(0).max(1_000_000_000).nullable().catch(null),
  timeout: epochSec.catch(0),
  caller: legSchema,
  callee: legSchema,
});
export type KamailioDialog = z.infer<typeof dialogSchema>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const intIn = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const textOr = <D>(v: unknown, max: number, d: D): string | D => (typeof v === 'string' && v.length <= max ? v : d);

function readLeg(v: unknown): KamailioDialog['caller'] {
  if (!isObject(v)) return {};
  const leg: KamailioDialog['caller'] = {};
  const tag = textOr(v['tag'], 256, undefined);
  const contact = textOr(v['contact'], MAX_TEXT, undefined);
  const socket = textOr(v['socket'], 256, undefined);
  const cseq = textOr(v['cseq'], 32, undefined);
  if (tag !== undefined) leg.tag = tag;
  if (contact !== undefined) leg.contact = contact;
  if (socket !== undefined) leg.socket = socket;
  if (cseq !== undefined) leg.cseq = cseq;
  return leg;
}

/**
 * One dlg.list row, checked field by field as `dialogSchema` says, without zod's per-row cost (a
 * busy proxy lists thousands of dialogs every poll; docs/KAMAILIO.md has the figures).
 */
export function readDialog(v: unknown): KamailioDialog | null {
  if (!isObject(v)) return null;
  const hEntry = v['h_entry'];
  const hId = v['h_id'];
  if (!intIn(hEntry, 0, 0xffffffff) || !intIn(hId, 0, 0xffffffff)) return null;
  const state = v['state'];
  const duration = v['duration'];
  const sec = (x: unknown): number => (intIn(x, 0, 9_999_999_999) ? x : 0);
  return {
    h_entry: hEntry,
    h_id: hId,
    'call-id': textOr(v['call-id'], MAX_TEXT, ''),
    from_uri: textOr(v['from_uri'], MAX_TEXT, ''),
    to_uri: textOr(v['to_uri'], MAX_TEXT, ''),
    state: intIn(state, 1, 5) ? state : null,
    start_ts: sec(v['start_ts']),
    init_ts: sec(v['init_ts']),
    end_ts: sec(v['end_ts']),
    duration: intIn(duration, 0, 1_000_000_000) ? duration : null,
    timeout: sec(v['timeout']),
    caller: readLeg(v['caller']),
    callee: readLeg(v['callee']),
  };
}

export interface Parsed<T> {
  rows: T[];
  /** Rows of the reply that were not of the expected shape and were left out. */
  skipped: number;
}

/** `dlg.list`: an array of dialogs. More than `max` is refused as not sane for this profile. */
export function parseDialogList(result: unknown, max: number, what: string): Parsed<KamailioDialog> {
  // An idle proxy may answer an empty object instead of [] in some versions; both mean "no dialogs".
  if (result === null || (typeof result === 'object' && !Array.isArray(result) && Object.keys(result).length === 0)) return { rows: [], skipped: 0 };
  if (!Array.isArray(result)) throw new CallboardError('protocol', `${what} answered dlg.list with something that is not a list of dialogs.`);
  if (result.length > max) {
    throw new CallboardError('protocol', `${what} reports ${result.length} dialogs, more than the ${max} this profile expects; raise "Most dialogs expected" in Settings if that is right.`);
  }
  const rows: KamailioDialog[] = [];
  let skipped = 0;
  for (const item of result) {
    const r = readDialog(item);
    if (r) rows.push(r);
    else skipped++;
  }
  return { rows, skipped };
}

/** The user part of a SIP or tel URI ("sip:alice@example.com:5060;transport=udp" → "alice"); the host when it has none. */
export function uriUser(uri: string): string {
  const m = /^\s*<?(?:sips?|tel):([^@;?>]*)(?:@([^;?>]*))?/i.exec(uri);
  if (!m) return uri.slice(0, 128);
  // With an "@" the user is before it (the host when the user is empty); without, it is the host or tel number.
  const raw = m[2] !== undefined ? m[1] || m[2] : (m[1] ?? '');
  try {
    return decodeURIComponent(raw).slice(0, 128);
  } catch {
    return raw.slice(0, 128);
  }
}

/** Host and port of a SIP URI or a Kamailio socket ("udp:127.0.0.1:5060"). */
export function hostPort(uri: string): { host: string; port: number | null } | null {
  const m = /^(?:[a-z]+:)?(?:[^@]*@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?/.exec(uri.replace(/^\s*<?(?:sips?:)?/i, ''));
  if (!m || !m[1]) return null;
  const port = m[2] !== undefined ? Number(m[2]) : null;
  return { host: m[1].replace(/^\[|\]$/g, ''), port: port !== null && port >= 1 && port <= 65535 ? port : null };
}

function socketHostPort(socket: string | undefined): { host: string; port: number | null } | null {
  if (!socket) return null;
  const m = /^(?:udp|tcp|tls|sctp|ws|wss):(\[[0-9A-Fa-f:.]+\]|[0-9A-Za-z.-]+):(\d{1,5})$/.exec(socket);
  return m && m[1] ? { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) } : null;
}

const iso = (sec: number): string | null => (sec > 0 ? new Date(sec * 1000).toISOString() : null);

/** The handle Callboard gives a dialog for hang-up: "h_entry:h_id" (the arguments of dlg.end_dlg). */
export function dialogHandle(d: Pick<KamailioDialog, 'h_entry' | 'h_id'>): string {
  return `${d.h_entry}:${d.h_id}`;
}

export function parseDialogHandle(handle: string): { hEntry: number; hId: number } | null {
  const m = /^(\d{1,10}):(\d{1,10})$/.exec(handle);
  if (!m) return null;
  const hEntry = Number(m[1]);
  const hId = Number(m[2]);
  return hEntry <= 0xffffffff && hId <= 0xffffffff ? { hEntry, hId } : null;
}

/**
 * Per-poll memo of the string work rows share (the same phones' URIs and contacts, the same seconds):
 * a busy proxy's list repeats them, and each is computed once per poll.
 */
export class DialogMapper {
  private readonly users = new Map<string, string>();
  private readonly hosts = new Map<string, string | null>();
  private readonly times = new Map<number, string | null>();

  constructor(
    private readonly profileId: string,
    private readonly nowMs: number,
  ) {}

  private user(uri: string): string {
    let u = this.users.get(uri);
    if (u === undefined) this.users.set(uri, (u = uriUser(uri)));
    return u;
  }

  private host(contact: string | undefined): string | null {
    if (!contact) return null;
    let h = this.hosts.get(contact);
    if (h === undefined) this.hosts.set(contact, (h = hostPort(contact)?.host ?? null));
    return h;
  }

  private iso(sec: number): string | null {
    let t = this.times.get(sec);
    if (t === undefined) this.times.set(sec, (t = iso(sec)));
    return t;
  }

  /** One dialog as a live-table row. The proxy sees SIP only: media fields are unknown, not zero. */
  row(d: KamailioDialog): LiveCall {
    const startSec = d.init_ts || d.start_ts;
    const answered = d.state === 3 || d.state === 4;
    const handle = dialogHandle(d);
    return {
      key: `${this.profileId}:${handle}`,
      sensor: this.profileId,
      source: 'kamailio',
      callId: d['call-id'] || null,
      caller: this.user(d.from_uri),
      called: this.user(d.to_uri),
      callerName: null,
      start: this.iso(startSec),
      durationSec: startSec > 0 ? Math.max(0, Math.round(this.nowMs / 1000 - startSec)) : null,
      state: d.state !== null ? (DIALOG_STATE_WORDS[d.state] ?? null) : null,
      ...noMediaFields(),
      callerIp: this.host(d.caller.contact),
      calledIp: this.host(d.callee.contact),
      channel: handle,
      extra: {
        dialogState: d.state,
        answeredAt: answered ? this.iso(d.start_ts) : null,
        talkSec: answered ? d.duration : null,
        fromUri: d.from_uri.slice(0, 256) || null,
        toUri: d.to_uri.slice(0, 256) || null,
        callerContact: (d.caller.contact ?? '').slice(0, 256) || null,
        calleeContact: (d.callee.contact ?? '').slice(0, 256) || null,
        proxySocket: (d.caller.socket ?? '').slice(0, 64) || null,
        expiresAt: this.iso(d.timeout),
      },
    };
  }
}

/** One dialog as a live-table row (a mapper for one row; a poll uses one DialogMapper for all). */
export function dialogToLiveCall(profileId: string, d: KamailioDialog, nowMs: number): LiveCall {
  return new DialogMapper(profileId, nowMs).row(d);
}

// ul.dump: {"Domains":[{"Domain":{"Domain":"location","AoRs":[{"Info":{"AoR":…,"Contacts":[{"Contact":{…}}]}}]}}]}
const NOT_SET = '[not set]';
const setText = (max = MAX_TEXT) =>
  z
    .union([z.string().max(max), z.number()])
    .transform((v) => (v === NOT_SET || v === '' ? undefined : String(v)))
    .optional()
    .catch(undefined);
const contactSchema = z
  .object({
    Address: z.string().min(1).max(MAX_TEXT),
    // A number of seconds, or "permanent" / "deleted" / "expired" for special contacts.
    Expires: z.union([z.number().int().min(-1).max(1_000_000_000), z.string().max(32)]).catch('unknown'),
    'Call-ID': setText(),
    'User-Agent': setText(256),
    Received: setText(),
    Socket: setText(256),
    Ruid: setText(128),
    'Last-Modified': epochSec.optional().catch(undefined),
  })
  .passthrough();
const aorSchema = z.object({ Info: z.object({ AoR: z.string().min(1).max(512), Contacts: z.array(z.unknown()).max(100_000).catch([]) }) });
const domainSchema = z.object({ Domain: z.object({ Domain: z.string().max(128).catch('location'), AoRs: z.array(z.unknown()).max(1_000_000).catch([]) }) });
const dumpSchema = z.object({ Domains: z.array(z.unknown()).max(64) });

/** `ul.dump`: every contact of every AoR in every usrloc table, as registrations (usrloc keeps only successful ones). */
export function parseUsrlocDump(result: unknown, profileId: string, nowMs: number, max: number, what: string): Parsed<Registration> {
  const dump = dumpSchema.safeParse(result);
  if (!dump.success) throw new CallboardError('protocol', `${what} answered ul.dump with something that is not a usrloc dump.`);
  const rows: Registration[] = [];
  let skipped = 0;
  for (const dv of dump.data.Domains) {
    const dom = domainSchema.safeParse(dv);
    if (!dom.success) {
      skipped++;
      continue;
    }
    for (const av of dom.data.Domain.AoRs) {
      const aor = aorSchema.safeParse(av);
      if (!aor.success) {
        skipped++;
        continue;
      }
      const name = aor.data.Info.AoR;
      const at = name.indexOf('@');
      const user = at >= 0 ? name.slice(0, at) : name;
      const domain = at >= 0 ? name.slice(at + 1) : null;
      for (const cv of aor.data.Info.Contacts) {
        const c = contactSchema.safeParse(typeof cv === 'object' && cv !== null && 'Contact' in cv ? (cv as { Contact: unknown }).Contact : undefined);
        if (!c.success) {
          skipped++;
          continue;
        }
        if (rows.length >= max) {
          throw new CallboardError('protocol', `${what} holds more than ${max} registered contacts; Callboard stopped reading them.`);
        }
        const k = c.data;
        const exp = typeof k.Expires === 'number' ? k.Expires : null;
        const client = hostPort(k.Received ?? k.Address);
        const server = socketHostPort(k.Socket);
        rows.push({
          sensor: profileId,
          id: k.Ruid ?? `${name}|${k.Address}`.slice(0, 600),
          user,
          fromNum: user,
          toNum: null,
          contactNum: k.Address,
          domain,
          // usrloc holds only accepted registrations: present and unexpired is OK.
          state: exp !== null && exp <= 0 ? 'Expired' : 'OK',
          lastChange: k['Last-Modified'] !== undefined ? iso(k['Last-Modified']) : null,
          expiresAt: exp !== null && exp > 0 ? new Date(nowMs + exp * 1000).toISOString() : null,
          expiresSec: exp,
          clientIp: client?.host ?? null,
          clientPort: client?.port ?? null,
          serverIp: server?.host ?? null,
          serverPort: server?.port ?? null,
          userAgent: k['User-Agent'] ?? null,
          responseMs: null,
          sipAlg: null,
        });
      }
    }
  }
  return { rows, skipped };
}

/** `core.version`: "kamailio 5.6.3 (x86_64/linux) " → "5.6.3". Anything else is not Kamailio. */
export function parseVersion(result: unknown, what: string): string {
  const m = typeof result === 'string' ? /^\s*kamailio\s+(\d+\.\d+[0-9A-Za-z.+~-]{0,40})/i.exec(result) : null;
  if (!m || !m[1]) throw new CallboardError('protocol', `${what} is not a Kamailio JSON-RPC endpoint: core.version did not name Kamailio.`);
  return m[1];
}

const uptimeSchema = z.object({ uptime: z.number().int().min(0).max(10_000_000_000) }).passthrough();

/** `core.uptime`: seconds since the proxy started. */
export function parseUptime(result: unknown, what: string): number {
  const r = uptimeSchema.safeParse(result);
  if (!r.success) throw new CallboardError('protocol', `${what} answered core.uptime without an uptime in seconds.`);
  return r.data.uptime;
}

/** `stats.get_statistics all`: ["group:name = value", …] → "group:name" → value. Lines of other shapes are skipped. */
export function parseStatistics(result: unknown, what: string): Map<string, number> {
  if (!Array.isArray(result) || result.length > 20_000) throw new CallboardError('protocol', `${what} answered stats.get_statistics with something that is not a list of statistics.`);
  const out = new Map<string, number>();
  for (const line of result) {
    if (typeof line !== 'string' || line.length > 300) continue;
    const m = /^([A-Za-z0-9_-]{1,64}:[A-Za-z0-9_.-]{1,128}) = (-?\d{1,20})$/.exec(line);
    if (m && m[1] && m[2]) out.set(m[1], Number(m[2]));
  }
  return out;
}
