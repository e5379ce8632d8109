/**
 * The SIP ladder in words and fixed-width text, one definition for the drill-down (its rows) and the
 * plain-text copy for a ticket (main writes it to the clipboard). Pure: no Node, no DOM.
 */
import type { SipLadder, SipMessage } from '../src-main/domain/sip-ladder';
import { formatClock, formatTime, zoneLabel, type DisplayZone } from './time-format';

/** Lane names: A, B, C … in order of first appearance (the caller's side first). */
export function laneName(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : `P${i + 1}`;
}

/** "10.0.0.1:5060", "[2001:db8::1]:5060": a lane's name, the same in main (which builds the lanes) and here. */
export const partyOf = (ip: string, port: number | null) => (ip.includes(':') ? `[${ip}]` : ip) + (port === null ? '' : `:${port}`);
export const fromParty = (m: SipMessage) => partyOf(m.src, m.srcPort);
export const toParty = (m: SipMessage) => partyOf(m.dst, m.dstPort);

/** "13:17:57.158" on the display clock (the ISO text carries the sensor zone's offset). */
export function clockMs(m: SipMessage, dz: DisplayZone, sourceZone?: string | null): string {
  const ms = Date.parse(m.time);
  return Number.isFinite(ms) ? `${formatClock(m.time, dz, sourceZone)}.${String(ms % 1000).padStart(3, '0')}` : m.time;
}

/** "+0.0 ms", "+5.6 ms", "+4,012 ms" since the first message. */
export function deltaText(offsetUs: number): string {
  const ms = offsetUs / 1000;
  return ms < 100 ? `+${ms.toFixed(1)} ms` : `+${Math.round(ms).toLocaleString('en')} ms`;
}

/**
 * One row of the ladder drawn with box characters over `lanes` lanes: "●────▶│" from A to B of three.
 * More than 6 lanes do not fit a row: the caller shows "A → F" instead (null here).
 */
export function flowGlyph(from: number, to: number, lanes: number): string | null {
  if (lanes > 6 || from < 0 || to < 0 || from >= lanes || to >= lanes) return null;
  const gap = 4;
  const width = (lanes - 1) * (gap + 1) + 1;
  const out: string[] = Array.from({ length: width }, (_, i) => (i % (gap + 1) === 0 ? '│' : ' '));
  const a = from * (gap + 1);
  const b = to * (gap + 1);
  if (a === b) {
    out[a] = '↻';
    return out.join('');
  }
  const [lo, hi] = a < b ? [a, b] : [b, a];
  for (let i = lo; i <= hi; i++) out[i] = '─';
  out[a] = '●';
  out[b] = a < b ? '▶' : '◀';
  return out.join('');
}

export function laneIndex(ladder: SipLadder, party: string): number {
  return ladder.parties.indexOf(party);
}

/** "A → B" with lane names, or the addresses when a party has no lane (more parties than lanes). */
export function routeText(ladder: SipLadder, m: SipMessage): string {
  const f = laneIndex(ladder, fromParty(m));
  const t = laneIndex(ladder, toParty(m));
  return `${f < 0 ? fromParty(m) : laneName(f)} → ${t < 0 ? toParty(m) : laneName(t)}`;
}

export interface LadderTextOptions {
  zone: DisplayZone;
  sourceZone?: string | null;
  /** "Call 5001 → 5091 (Call-ID …) on sensor HQ". */
  title: string;
}

/** The whole ladder as plain text for a ticket: a legend of the lanes, then one line per message. */
export function ladderText(ladder: SipLadder, o: LadderTextOptions): string {
  const lines: string[] = [`SIP messages of ${o.title}`];
  if (ladder.state !== 'available') {
    lines.push(ladder.note ?? 'The sensor gave no SIP messages for this call.');
    return `${lines.join('\n')}\n`;
  }
  const first = ladder.messages[0];
  if (first) lines.push(`First message ${formatTime(first.time, o.zone, o.sourceZone)} (${zoneLabel(o.zone, 'sensor clock')})`);
  ladder.parties.forEach((p, i) => lines.push(`  ${laneName(i)} = ${p}${i === 0 ? ' (caller side)' : ''}`));
  lines.push('');
  const glyphs = ladder.messages.map((m) => flowGlyph(laneIndex(ladder, fromParty(m)), laneIndex(ladder, toParty(m)), ladder.parties.length));
  const flowWidth = Math.max(0, ...glyphs.map((g) => g?.length ?? 0));
  ladder.messages.forEach((m, i) => {
    const flow = (glyphs[i] ?? '').padEnd(flowWidth);
    const copies = m.copies > 1 ? ` (captured ${m.copies}×)` : '';
    lines.push(`${String(i + 1).padStart(3)}  ${clockMs(m, o.zone, o.sourceZone)}  ${deltaText(m.offsetUs).padStart(11)}  ${routeText(ladder, m).padEnd(7)} ${flow}  ${m.firstLine}${m.cseq ? `  [CSeq ${m.cseq}]` : ''}${copies}`);
  });
  if (ladder.messages.length === 0) lines.push('(no SIP messages yet)');
  if (ladder.note) lines.push('', ladder.note);
  return `${lines.join('\n')}\n`;
}
