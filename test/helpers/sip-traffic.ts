/**
 * Real SIP and RTP on loopback for the real-sniffer tests: calls in every state a live table shows
 * (ringing, rejected with 486, answered with two-way RTP, ended with BYE) and REGISTERs answered 200
 * or 403. The generator plays both ends of each dialog from real UDP sockets on 127.0.0.0/8, so a
 * passive sniffer on `lo` sees exactly what it would see between a phone and a PBX (RFC 3261 message
 * flow, RFC 3550 RTP, G.711 20 ms frames). Loss drops RTP sequence numbers; jitter moves RTP
 * timestamps against the 20 ms send clock (the sniffer computes RFC 3550 jitter from both).
 *
 * Nothing here listens for answers: each side sends its half of the dialog on schedule, which keeps
 * the traffic deterministic and the helper free of a SIP stack.
 */
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { mulberry32 } from '../sims/prng';

export type CallOutcome = 'ringing' | 'busy' | 'answered' | 'ended';

export interface CallSpec {
  caller: string;
  called: string;
  callerName?: string;
  outcome: CallOutcome;
  /** Percent of RTP packets not sent (each direction), 0..100. */
  lossPct?: number;
  /** Peak RTP timestamp displacement in ms (each direction). */
  jitterMs?: number;
  /** For 'ended': how long media flows before the BYE. */
  talkMs?: number;
  /** RTP payload type the callee answers with (0 PCMU, 8 PCMA). */
  answerPayload?: 0 | 8;
}

export interface PlacedCall {
  spec: CallSpec;
  callId: string;
  /** Unix ms when the INVITE went out. */
  invitedAt: number;
  /** Stops RTP (and sends BYE for answered calls when `bye`). */
  hangup(bye?: boolean): Promise<void>;
}

export interface RegisterSpec {
  user: string;
  status: 200 | 403;
  expiresSec?: number;
}

export interface SipTrafficOptions {
  /** Caller and callee signalling addresses (127.0.0.0/8). */
  callerIp?: string;
  calledIp?: string;
  registrarIp?: string;
  sipPort?: number;
  /** First RTP port; each call takes two per side. */
  rtpBase?: number;
  /** Deterministic loss/jitter. */
  seed?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const IDLE = Buffer.from('callboard-idle');
const tag = () => randomBytes(4).toString('hex');
const branch = () => `z9hG4bK${randomBytes(6).toString('hex')}`;

function sdp(ip: string, port: number, payloads: number[]): string {
  const names: Record<number, string> = { 0: 'PCMU/8000', 8: 'PCMA/8000', 101: 'telephone-event/8000' };
  return [
    'v=0', `o=- ${Date.now()} 1 IN IP4 ${ip}`, 's=-', `c=IN IP4 ${ip}`, 't=0 0', `m=audio ${port} RTP/AVP ${payloads.join(' ')}`,
    ...payloads.map((p) => `a=rtpmap:${p} ${names[p] ?? 'unknown/8000'}`), 'a=ptime:20', 'a=sendrecv', '',
  ].join('\r\n');
}

function message(start: string, headers: Array<[string, string]>, body = ''): Buffer {
  const lines = [start, ...headers.map(([k, v]) => `${k}: ${v}`)];
  if (body) lines.push('Content-Type: application/sdp');
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`, '', '');
  return Buffer.from(lines.join('\r\n') + body, 'utf8');
}

class Udp {
  constructor(readonly sock: dgram.Socket, readonly ip: string, readonly port: number) {}
  static async bind(ip: string, port: number): Promise<Udp> {
    const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.bind(port, ip, () => {
        sock.off('error', reject);
        resolve();
      });
    });
    // Answers from the other side are not read: the dialog is scripted.
    sock.on('message', () => undefined);
    sock.on('error', () => undefined);
    return new Udp(sock, ip, (sock.address()).port);
  }
  send(buf: Buffer, ip: string, port: number): Promise<void> {
    return new Promise((r) => this.sock.send(buf, port, ip, () => r()));
  }
  close(): void {
    try {
      this.sock.close();
    } catch {
      /* closed already */
    }
  }
}

interface Stream {
  from: Udp;
  toIp: string;
  toPort: number;
  pt: number;
  ssrc: number;
  seq: number;
  ts: number;
  lossPct: number;
  jitterSamples: number;
  rand: () => number;
}

/** One generator per test file; `close()` stops every stream and socket it opened. */
export class SipTraffic {
  private readonly callerIp: string;
  private readonly calledIp: string;
  private readonly registrarIp: string;
  private readonly port: number;
  private nextRtp: number;
  private readonly rand: () => number;
  private a!: Udp;
  private b!: Udp;
  private r!: Udp;
  private idle!: Udp;
  private readonly media = new Set<Udp>();
  private readonly streams = new Set<Stream>();
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;

  constructor(o: SipTrafficOptions = {}) {
    this.callerIp = o.callerIp ?? '127.0.0.2';
    this.calledIp = o.calledIp ?? '127.0.0.3';
    this.registrarIp = o.registrarIp ?? '127.0.0.4';
    this.port = o.sipPort ?? 5060;
    this.nextRtp = o.rtpBase ?? 40_000;
    this.rand = mulberry32(o.seed ?? 1);
  }

  async start(): Promise<this> {
    this.a = await Udp.bind(this.callerIp, this.port);
    this.b = await Udp.bind(this.calledIp, this.port);
    this.r = await Udp.bind(this.registrarIp, this.port);
    this.idle = await Udp.bind(this.registrarIp, 0);
    // One 20 ms clock for every stream (50 packets/s each way, G.711 framing).
    const t0 = Date.now();
    let tick = 0;
    const loop = () => {
      tick++;
      for (const s of this.streams) this.sendRtp(s);
      // The sniffer hands captured packets on in blocks; on an otherwise idle `lo` the last SIP
      // messages (a BYE, a CANCEL) would wait in a block until more traffic came. A small datagram
      // to a port nobody uses, off the SIP ports, keeps the blocks moving.
      void this.idle.send(IDLE, this.idle.ip, this.idle.port);
      this.timer = setTimeout(loop, Math.max(1, t0 + tick * 20 - Date.now()));
    };
    this.timer = setTimeout(loop, 20);
    return this;
  }

  private sendRtp(s: Stream): void {
    s.seq = (s.seq + 1) & 0xffff;
    s.ts = (s.ts + 160) >>> 0;
    if (s.lossPct > 0 && s.rand() * 100 < s.lossPct) return;
    const jitter = s.jitterSamples ? Math.round((s.rand() * 2 - 1) * s.jitterSamples) : 0;
    const pkt = Buffer.alloc(12 + 160, s.pt === 0 ? 0xff : 0xd5);
    pkt[0] = 0x80;
    pkt[1] = s.pt;
    pkt.writeUInt16BE(s.seq, 2);
    pkt.writeUInt32BE((s.ts + jitter) >>> 0, 4);
    pkt.writeUInt32BE(s.ssrc, 8);
    void s.from.send(pkt, s.toIp, s.toPort);
  }

  private async rtpSocket(ip: string): Promise<Udp> {
    // Even ports, RTCP would be +1 (RFC 3550 §11); skip ports someone else holds.
    for (let i = 0; i < 200; i++) {
      const port = this.nextRtp;
      this.nextRtp += 2;
      try {
        const u = await Udp.bind(ip, port);
        this.media.add(u);
        return u;
      } catch {
        /* port in use: try the next pair */
      }
    }
    throw new Error(`no free RTP port on ${ip}`);
  }

  private stream(from: Udp, to: Udp, pt: number, spec: CallSpec): Stream {
    return {
      from, toIp: to.ip, toPort: to.port, pt, ssrc: Math.floor(this.rand() * 0xffffffff) >>> 0, seq: Math.floor(this.rand() * 1000),
      ts: Math.floor(this.rand() * 100000), lossPct: spec.lossPct ?? 0, jitterSamples: Math.round((spec.jitterMs ?? 0) * 8), rand: mulberry32(Math.floor(this.rand() * 1e9)),
    };
  }

  async call(spec: CallSpec): Promise<PlacedCall> {
    const n = ++this.seq;
    const callId = `cb-${n}-${randomBytes(5).toString('hex')}@${this.callerIp}`;
    const ftag = tag();
    const ttag = tag();
    const via = `SIP/2.0/UDP ${this.callerIp}:${this.port};branch=${branch()}`;
    const from = `${spec.callerName ? `"${spec.callerName}" ` : ''}<sip:${spec.caller}@${this.callerIp}>;tag=${ftag}`;
    const toUri = `sip:${spec.called}@${this.calledIp}`;
    const aRtp = await this.rtpSocket(this.callerIp);
    const bRtp = await this.rtpSocket(this.calledIp);
    const base: Array<[string, string]> = [['Via', via], ['Max-Forwards', '70'], ['From', from], ['To', `<${toUri}>`], ['Call-ID', callId]];
    const invitedAt = Date.now();
    await this.a.send(
      message(`INVITE ${toUri} SIP/2.0`, [...base, ['CSeq', '1 INVITE'], ['Contact', `<sip:${spec.caller}@${this.callerIp}:${this.port}>`], ['User-Agent', 'callboard-test-uac']],
        sdp(this.callerIp, aRtp.port, [0, 8, 101])),
      this.calledIp, this.port,
    );
    const resp = (code: string, to: string, extra: Array<[string, string]> = [], body = '') =>
      this.b.send(message(`SIP/2.0 ${code}`, [['Via', via], ['From', from], ['To', to], ['Call-ID', callId], ['CSeq', '1 INVITE'], ...extra], body), this.callerIp, this.port);
    const toTagged = `<${toUri}>;tag=${ttag}`;
    await sleep(5);
    await resp('100 Trying', `<${toUri}>`);
    await sleep(5);
    await resp('180 Ringing', toTagged, [['Contact', `<sip:${spec.called}@${this.calledIp}:${this.port}>`]]);
    const streams: Stream[] = [];
    let ended = false;
    const dialog = (method: string, cseq: string, sender: Udp, fromHdr: string, toHdr: string, targetIp: string, uri: string) =>
      sender.send(message(`${method} ${uri} SIP/2.0`, [['Via', `SIP/2.0/UDP ${sender.ip}:${this.port};branch=${branch()}`], ['Max-Forwards', '70'], ['From', fromHdr], ['To', toHdr], ['Call-ID', callId], ['CSeq', cseq]]), targetIp, this.port);
    if (spec.outcome === 'busy') {
      await sleep(5);
      await resp('486 Busy Here', toTagged);
      await sleep(5);
      // ACK for a non-2xx final response reuses the INVITE's branch (RFC 3261 §17.1.1.3).
      await this.a.send(message(`ACK ${toUri} SIP/2.0`, [...base.slice(0, 3), ['To', toTagged], ['Call-ID', callId], ['CSeq', '1 ACK']]), this.calledIp, this.port);
      ended = true;
    } else if (spec.outcome === 'answered' || spec.outcome === 'ended') {
      const pt = spec.answerPayload ?? 0;
      await sleep(5);
      await resp('200 OK', toTagged, [['Contact', `<sip:${spec.called}@${this.calledIp}:${this.port}>`], ['User-Agent', 'callboard-test-uas']], sdp(this.calledIp, bRtp.port, [pt, 101]));
      await sleep(5);
      await dialog('ACK', '1 ACK', this.a, from, toTagged, this.calledIp, `sip:${spec.called}@${this.calledIp}:${this.port}`);
      streams.push(this.stream(aRtp, bRtp, pt, spec), this.stream(bRtp, aRtp, pt, spec));
      for (const s of streams) this.streams.add(s);
    }
    const hangup = async (bye = true) => {
      if (ended) return;
      ended = true;
      for (const s of streams) this.streams.delete(s);
      if (spec.outcome === 'ringing') {
        // The caller gives up: CANCEL, 200 to the CANCEL, 487 to the INVITE, ACK.
        await this.a.send(message(`CANCEL ${toUri} SIP/2.0`, [...base, ['CSeq', '1 CANCEL']]), this.calledIp, this.port);
        await this.b.send(message('SIP/2.0 200 OK', [['Via', via], ['From', from], ['To', toTagged], ['Call-ID', callId], ['CSeq', '1 CANCEL']]), this.callerIp, this.port);
        await resp('487 Request Terminated', toTagged);
        await this.a.send(message(`ACK ${toUri} SIP/2.0`, [...base.slice(0, 3), ['To', toTagged], ['Call-ID', callId], ['CSeq', '1 ACK']]), this.calledIp, this.port);
      } else if (bye && streams.length) {
        await dialog('BYE', '2 BYE', this.a, from, toTagged, this.calledIp, `sip:${spec.called}@${this.calledIp}:${this.port}`);
        await sleep(5);
        await this.b.send(message('SIP/2.0 200 OK', [['Via', via], ['From', from], ['To', toTagged], ['Call-ID', callId], ['CSeq', '2 BYE']]), this.callerIp, this.port);
      }
    };
    if (spec.outcome === 'ended') {
      await sleep(spec.talkMs ?? 1000);
      await hangup(true);
    }
    return { spec, callId, invitedAt, hangup };
  }

  /** REGISTER from the caller address to the registrar, answered 200 (with expiry) or 403. */
  async register(spec: RegisterSpec): Promise<string> {
    const callId = `cb-reg-${randomBytes(5).toString('hex')}@${this.callerIp}`;
    const via = `SIP/2.0/UDP ${this.callerIp}:${this.port};branch=${branch()}`;
    const aor = `sip:${spec.user}@${this.registrarIp}`;
    const from = `<${aor}>;tag=${tag()}`;
    const expires = spec.expiresSec ?? 3600;
    const contact = `<sip:${spec.user}@${this.callerIp}:${this.port}>`;
    await this.a.send(
      message(`REGISTER sip:${this.registrarIp} SIP/2.0`, [['Via', via], ['Max-Forwards', '70'], ['From', from], ['To', `<${aor}>`], ['Call-ID', callId], ['CSeq', '1 REGISTER'],
        ['Contact', contact], ['Expires', String(expires)], ['User-Agent', 'callboard-test-phone']]),
      this.registrarIp, this.port,
    );
    await sleep(20);
    const to = `<${aor}>;tag=${tag()}`;
    const status = spec.status === 200 ? '200 OK' : '403 Forbidden';
    const extra: Array<[string, string]> = spec.status === 200 ? [['Contact', `${contact};expires=${expires}`], ['Expires', String(expires)]] : [];
    await this.r.send(message(`SIP/2.0 ${status}`, [['Via', via], ['From', from], ['To', to], ['Call-ID', callId], ['CSeq', '1 REGISTER'], ...extra]), this.callerIp, this.port);
    return callId;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.streams.clear();
    for (const u of [this.a, this.b, this.r, this.idle, ...this.media]) u?.close();
    this.media.clear();
  }
}
