/**
 * Deterministic seed data for the UCM simulator and `npm run demo`: CDRs (flat and grouped, with every
 * field as a string, docs/UCM.md §4), extensions and a few live channels.
 */

export type CdrFields = Record<string, string>;
export type SimCdrEntry = CdrFields | ({ cdr: string; main_cdr: CdrFields } & Record<string, CdrFields | string>);

export interface SimAccount {
  extension: string;
  fullname: string;
  status: string;
  addr: string;
  account_type: string;
  out_of_service: 'yes' | 'no';
  presence_status: string;
  urgemsg: number;
  newmsg: number;
  oldmsg: number;
}

export const CDR_FIELDS = [
  'AcctId', 'accountcode', 'src', 'dst', 'dcontext', 'clid', 'channel', 'dstchannel', 'lastapp', 'lastdata',
  'start', 'answer', 'end', 'duration', 'billsec', 'disposition', 'amaflags', 'uniqueid', 'userfield',
  'channel_ext', 'dstchannel_ext', 'service', 'caller_name', 'recordfiles', 'dstanswer', 'chanext', 'dstchanext',
  'session', 'action_owner', 'action_type', 'src_trunk_name', 'dst_trunk_name', 'nat_call', 'nat_call_peer',
  'video_call', 'gds_call', 'gsc_call', 'gdms_unique_code', 'wave_src_seqid', 'wave_dst_seqid', 'device_info',
  'device_info_peer', 'recordfiles_desc',
] as const;

import { mulberry32 as prng } from '../prng';
export { prng };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** Naive "YYYY-MM-DD HH:MM:SS" of an epoch second, read as wall-clock (the UCM's local time). */
export function naive(epochSec: number): string {
  const d = new Date(epochSec * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

const NAMES = ['Reception', 'Samantha Smart', 'Ops Desk', 'Night Shift', 'Billing', 'Support 1', 'Support 2', 'Warehouse'];

export function seedAccounts(n = 16): SimAccount[] {
  const out: SimAccount[] = [];
  for (let i = 0; i < n; i++) {
    const ext = String(1000 + i);
    out.push({
      extension: ext,
      fullname: NAMES[i % NAMES.length]!,
      status: i % 5 === 4 ? 'Unavailable' : 'Idle',
      addr: i % 5 === 4 ? '-' : `192.168.80.${20 + i}:5060 (GXP2160)`,
      account_type: 'SIP(WebRTC)',
      out_of_service: 'no',
      presence_status: 'available',
      urgemsg: 0,
      newmsg: i % 3,
      oldmsg: 0,
    });
  }
  return out;
}

function leg(base: Partial<CdrFields>): CdrFields {
  const o: CdrFields = {};
  for (const f of CDR_FIELDS) o[f] = base[f] ?? '';
  o.amaflags = base.amaflags ?? 'DOCUMENTATION';
  o.service = base.service ?? 's';
  for (const f of ['nat_call', 'nat_call_peer', 'video_call', 'gds_call', 'gsc_call']) o[f] = base[f] ?? 'no';
  return o;
}

export interface CdrSeedOptions {
  count: number;
  seed?: number;
  /** Naive UCM-local start of the first call, as epoch seconds read as wall-clock. Default 2024-05-01 08:00. */
  startEpoch?: number;
  /** Share of grouped (transfer) entries, 0..1. Default 0.15. */
  groupedShare?: number;
  extensions?: number;
}

/** Generates `count` top-level cdr_root entries, ascending by start time. Deterministic for a seed. */
export function generateUcmCdrs(opts: CdrSeedOptions): SimCdrEntry[] {
  const rnd = prng(opts.seed ?? 42);
  const exts = opts.extensions ?? 16;
  const groupedShare = opts.groupedShare ?? 0.15;
  let t = opts.startEpoch ?? Date.UTC(2024, 4, 1, 8, 0, 0) / 1000;
  let acct = 1;
  let chan = 0x40;
  const out: SimCdrEntry[] = [];
  const ext = () => String(1000 + Math.floor(rnd() * exts));
  const ext2 = () => `0${7 + Math.floor(rnd() * 2)}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`;
  const hex = () => (chan++).toString(16).padStart(8, '0');
  for (let i = 0; i < opts.count; i++) {
    t += 5 + Math.floor(rnd() * 40);
    const kind = rnd();
    const ring = 2 + Math.floor(rnd() * 15);
    const talk = Math.floor(rnd() * 400);
    const r = rnd();
    const disposition = r < 0.75 ? 'ANSWERED' : r < 0.9 ? 'NO ANSWER' : r < 0.97 ? 'BUSY' : 'FAILED';
    const answered = disposition === 'ANSWERED';
    const session = `${t}${String(i % 1000000).padStart(6, '0')}`;
    if (rnd() < groupedShare) {
      // Inbound call answered by one extension and transferred to another.
      const caller = ext2();
      const a = ext();
      const b = ext();
      const did = '0215550100';
      const t1a = t + ring;
      const t1e = t1a + 10 + Math.floor(rnd() * 60);
      const t2a = t1e + 3 + Math.floor(rnd() * 8);
      const t2e = t2a + talk;
      const key = `${session}-${caller}`;
      const common = { src: caller, clid: `"" <${caller}>`, channel: `PJSIP/trunk_1-${hex()}`, userfield: 'Inbound', channel_ext: 'trunk_1', src_trunk_name: 'Carrier', uniqueid: `${t}.${i}` };
      const l1 = leg({
        ...common, AcctId: String(acct++), dst: a, dcontext: 'ext-did-1', dstchannel: `PJSIP/${a}-${hex()}`, lastapp: 'Dial', lastdata: `PJSIP/${a},60`,
        start: naive(t), answer: naive(t1a), end: naive(t1e), duration: String(t1e - t), billsec: String(t1e - t1a), disposition: 'ANSWERED',
        dstchannel_ext: a, dstanswer: a, session: key, action_owner: caller, action_type: 'DIAL',
        recordfiles: `${naive(t).slice(0, 7)}/auto-${t1a}-${caller}-${a}.wav@`,
      });
      const l2 = leg({
        ...common, AcctId: String(acct++), dst: b, dcontext: 'from-internal-xfer', dstchannel: `PJSIP/${b}-${hex()}`, lastapp: 'Dial', lastdata: `PJSIP/${b},60`,
        start: naive(t1e), answer: answered ? naive(t2a) : naive(t2a), end: naive(answered ? t2e : t2a), duration: String((answered ? t2e : t2a) - t1e),
        billsec: answered ? String(talk) : '0', disposition, dstchannel_ext: b, dstanswer: answered ? b : '', session: `${t1e}000000-${a}`, action_owner: a, action_type: 'TRANSFER',
        recordfiles: answered ? `${naive(t).slice(0, 7)}/auto-${t2a}-${caller}-${b}.wav@` : '',
      });
      const end = answered ? t2e : t2a;
      out.push({
        cdr: key,
        main_cdr: leg({ src: caller, dst: did, start: naive(t), duration: String(end - t), billsec: String(Number(l1.billsec) + Number(l2.billsec)), session: key, action_type: 'DIAL', amaflags: '', service: '' }),
        sub_cdr_1: l1,
        sub_cdr_2: l2,
      });
      t = end;
    } else {
      const outbound = kind < 0.3;
      const src = ext();
      const dst = outbound ? ext2() : ext();
      const ans = t + ring;
      const end = answered ? ans + talk : ans;
      const name = NAMES[Number(src) % NAMES.length]!;
      out.push({
        cdr: `${session}-${src}`,
        ...leg({
          AcctId: String(acct++), src, dst, dcontext: outbound ? 'outbound-route-1' : 'from-internal', clid: `"${name}" <${src}>`,
          channel: `PJSIP/${src}-${hex()}`, dstchannel: outbound ? `PJSIP/trunk_1-${hex()}` : `PJSIP/${dst}-${hex()}`, lastapp: 'Dial',
          lastdata: outbound ? `PJSIP/${dst}@trunk_1,,b` : `PJSIP/${dst},60`,
          start: naive(t), answer: answered ? naive(ans) : '', end: naive(end), duration: String(end - t), billsec: answered ? String(talk) : '0', disposition,
          uniqueid: `${t}.${i}`, userfield: outbound ? 'Outbound' : 'Internal', channel_ext: src, dstchannel_ext: outbound ? 'trunk_1' : dst, caller_name: name,
          recordfiles: answered && rnd() < 0.3 ? `${naive(t).slice(0, 7)}/auto-${ans}-${src}-${dst}.wav@` : '',
          dstanswer: answered ? dst : '', session: `${session}-${src}`, action_owner: src, action_type: 'DIAL', dst_trunk_name: outbound ? 'Carrier' : '',
          device_info: 'GXP2160',
        }),
      } as SimCdrEntry);
    }
  }
  return out;
}

export interface SimBridged {
  channel1: string; channel2: string; callerid1: string; callerid2: string; name1: string; name2: string;
  uniqueid1: string; uniqueid2: string; bridge_time: string; bridge_timestamp: string; bridge_id: string;
  inbound_trunk_name: string; outbound_trunk_name: string; dial_service: string;
}
export interface SimUnbridged {
  channel: string; state: string; callernum: string; callername: string; connectednum: string; connectedname: string;
  service: string; alloc_time: string; uniqueid: string; linkedid: string;
}

/** A couple of live calls so the demo table is not empty. */
export function seedChannels(nowEpoch: number): { bridged: SimBridged[]; unbridged: SimUnbridged[] } {
  return {
    bridged: [
      {
        channel1: 'PJSIP/trunk_1-0000026e', channel2: 'PJSIP/1001-0000026f', callerid1: '+15551230001', callerid2: '1001', name1: '', name2: 'Samantha Smart',
        uniqueid1: `${nowEpoch - 95}.1022`, uniqueid2: `${nowEpoch - 90}.1024`, bridge_time: naive(nowEpoch - 80), bridge_timestamp: String(nowEpoch - 80),
        bridge_id: '6043248e-3beb-4de0-b478-a3488e300fab', inbound_trunk_name: 'Carrier', outbound_trunk_name: '', dial_service: 'normal',
      },
    ],
    unbridged: [
      {
        channel: 'PJSIP/1003-00000270', state: 'Ringing', callernum: '1003', callername: 'Night Shift', connectednum: '1002', connectedname: 'Reception',
        service: 'normal', alloc_time: naive(nowEpoch - 4), uniqueid: `${nowEpoch - 4}.1030`, linkedid: `${nowEpoch - 5}.1029`,
      },
      {
        channel: 'PJSIP/1002-00000271', state: 'Ring', callernum: '1002', callername: 'Reception', connectednum: '1003', connectedname: 'Night Shift',
        service: 'normal', alloc_time: naive(nowEpoch - 5), uniqueid: `${nowEpoch - 5}.1029`, linkedid: `${nowEpoch - 5}.1029`,
      },
    ],
  };
}
