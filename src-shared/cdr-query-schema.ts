/**
 * The CDR search query and its rules, one definition for both sides: main enforces it (the IPC
 * contract, the CDR service, the CLI), and the renderer runs the same schema over the form so the
 * operator sees a refusal next to the field before anything is sent. The renderer's check is a
 * convenience only; main checks again whatever the window sends. Pure: no Node, no DOM.
 *
 * Written with zod/mini, whose schemas are zod's own (main's classic `z.object` nests them): the
 * window then bundles only the checks used here, not all of zod (measured on this renderer: classic
 * zod would add 39 KB gzipped, zod/mini adds 12 KB).
 *
 * The messages are written to stand next to a form field ("At most 200 characters.").
 */
import * as z from 'zod/mini';

export const CDR_DISPOSITIONS = ['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED'] as const;
export const CDR_DEFAULT_LIMIT = 10_000;
export const CDR_MAX_LIMIT = 1_000_000;
/** Durations and talk times: whole seconds, at most a week. */
const MAX_SECONDS = 86400 * 7;

const PRINTABLE = /^[^\u0000-\u001f\u007f]*$/;
const NO_CONTROL = 'No control characters.';
const atMost = (n: number) => `At most ${n.toLocaleString('en')} characters.`;

/** Printable, trimmed, bounded text. */
const printable = (max: number) => z.string().check(z.trim(), z.maxLength(max, atMost(max)), z.regex(PRINTABLE, NO_CONTROL));

const SECONDS = 'Whole seconds, at most one week.';
const seconds = z.int({ error: SECONDS }).check(z.minimum(0, SECONDS), z.maximum(MAX_SECONDS, SECONDS));

const MOS = 'A MOS from 1.0 to 5.0, e.g. 3.5.';
const LOSS = 'A percentage from 0 to 100, e.g. 2.5.';
const LIMIT = `A number from 1 to ${CDR_MAX_LIMIT.toLocaleString('en')}.`;

/**
 * Caller / callee filters: each backend reads its own syntax and refuses the rest in words. UCM and
 * Wildix: "1001", "1001,1002", "1001-1010", "10@" (prefix wildcard). VoIPmonitor, as its GUI:
 * "%" wildcards, "," lists, "!" negation ("!100%"). Any printable text is accepted here, because a SIP
 * user part may hold quotes and semicolons; no backend builds a query string from it.
 */
const partyFilter = printable(200);
/** Lists of short tokens (SIP codes, codecs, sensor ids): printable, bounded. */
const tokenList = printable(200);

export const cdrQuerySchema = z.object({
  profileId: z.string().check(z.minLength(1, 'Choose the PBX to search.')),
  /** ISO 8601; interpreted in the operator's zone when no offset is given. */
  from: z.string().check(z.maxLength(40, 'Enter a date and time.')),
  to: z.string().check(z.maxLength(40, 'Enter a date and time.')),
  caller: z.optional(partyFilter),
  callee: z.optional(partyFilter),
  callerName: z.optional(z.string().check(z.trim(), z.maxLength(100, atMost(100)))),
  minDurationSec: z.optional(seconds),
  maxDurationSec: z.optional(seconds),
  disposition: z.optional(z.enum(CDR_DISPOSITIONS, { error: 'Choose a disposition from the list.' })),
  /** Free text (Wildix). */
  text: z.optional(z.string().check(z.trim(), z.maxLength(200, atMost(200)))),
  // VoIPmonitor sensor database only (other backends refuse them).
  /** Exact SIP Call-ID. */
  callId: z.optional(z.string().check(z.minLength(1, 'Enter a Call-ID.'), z.maxLength(1024, atMost(1024)), z.regex(PRINTABLE, NO_CONTROL))),
  /** IPv4 address or CIDR of the SIP caller / callee ("10.0.0.5", "10.0.0.0/24"). */
  callerIp: z.optional(tokenList),
  calledIp: z.optional(tokenList),
  /** Last SIP response: "486", "4xx", comma lists, "!" negation ("!200"). */
  sipCode: z.optional(tokenList),
  minConnectSec: z.optional(seconds),
  maxConnectSec: z.optional(seconds),
  /** Calls whose lowest MOS is below this (1.0–4.5). */
  mosBelow: z.optional(z.number({ error: MOS }).check(z.minimum(1, MOS), z.maximum(5, MOS))),
  /** Calls with packet loss above this percentage in either direction. */
  lossAbove: z.optional(z.number({ error: LOSS }).check(z.minimum(0, LOSS), z.maximum(100, LOSS))),
  /** Codec names or RTP payload numbers: "PCMA", "G729,8". */
  codec: z.optional(tokenList),
  /** Sensor ids (cdr.id_sensor), comma list. */
  sensorId: z.optional(tokenList),
  limit: z._default(z.int({ error: LIMIT }).check(z.minimum(1, LIMIT), z.maximum(CDR_MAX_LIMIT, LIMIT)), CDR_DEFAULT_LIMIT),
});
export type CdrQuery = z.infer<typeof cdrQuerySchema>;

/** What is wrong with each field, keyed by the query's field name. */
export type CdrQueryFieldErrors = Partial<Record<keyof CdrQuery, string>>;

/** An offset ("Z", "+02:00") at the end of an ISO time: only times that both carry one, or both lack one, are compared. */
const HAS_OFFSET = /(?:Z|[+-]\d\d:?\d\d)$/i;

/**
 * The rules between fields, which a field's own schema cannot see: the range ends after it starts,
 * and no minimum is above its maximum. Kept out of the object schema so the IPC contract can still
 * make it strict.
 */
export function cdrQueryOrderErrors(q: Pick<CdrQuery, 'from' | 'to' | 'minDurationSec' | 'maxDurationSec' | 'minConnectSec' | 'maxConnectSec'>): CdrQueryFieldErrors {
  const out: CdrQueryFieldErrors = {};
  const from = Date.parse(q.from);
  const to = Date.parse(q.to);
  if (Number.isFinite(from) && Number.isFinite(to) && HAS_OFFSET.test(q.from) === HAS_OFFSET.test(q.to) && from >= to) out.to = '"To" must be after "From".';
  const below = 'Must not be less than the minimum.';
  if (q.minDurationSec !== undefined && q.maxDurationSec !== undefined && q.minDurationSec > q.maxDurationSec) out.maxDurationSec = below;
  if (q.minConnectSec !== undefined && q.maxConnectSec !== undefined && q.minConnectSec > q.maxConnectSec) out.maxConnectSec = below;
  return out;
}
