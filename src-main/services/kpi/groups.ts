/**
 * Which trunk and which destination a call belongs to. Trunks come from the per-profile trunk map
 * (signalling IPs or CIDRs → label for sensors; PBX trunk names → label, UCM reports them); the
 * destination is the dial policy's own classification (libphonenumber-js number types), so the
 * toll-fraud watch sees the same classes as the click-to-call guard.
 */
import { classifyDestination, type DialClass } from '../../policy/dial-policy';
import { dialPolicySchema, type DialPolicy } from '../../profiles/schema';
import type { TrunkEntry } from '../../domain/alerts';
import type { LiveCall } from '../../domain/live-call';
import type { CdrRecord } from '../../domain/cdr';

function ipv4ToInt(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return null;
    v = v * 256 + o;
  }
  return v;
}

type IpMatcher = (ip: string) => boolean;

/** IPv4 exact or CIDR; IPv6 exact (case-insensitive). */
export function ipMatcher(spec: string): IpMatcher {
  const [addr, bitsRaw] = spec.split('/') as [string, string | undefined];
  const base = ipv4ToInt(addr);
  if (base === null) {
    const a = addr.toLowerCase();
    return (ip) => ip.toLowerCase() === a;
  }
  const bits = bitsRaw === undefined ? 32 : Math.min(32, Number(bitsRaw));
  const size = 2 ** (32 - bits);
  const start = Math.floor(base / size) * size;
  return (ip) => {
    const v = ipv4ToInt(ip);
    return v !== null && v >= start && v < start + size;
  };
}

export interface TrunkResolver {
  ofLive(c: LiveCall): string | null;
  ofCdr(r: CdrRecord): string | null;
}

/** `Tech/name-suffix` → name (Asterisk channel names, as UCM and Wildix report them). */
export function channelPeer(channel: string | null): string | null {
  if (!channel) return null;
  const m = /^[A-Za-z0-9]+\/([^-/@]+)(?:[-@].*)?$/.exec(channel);
  return m ? (m[1] ?? null) : null;
}

export function trunkResolver(entries: readonly TrunkEntry[]): TrunkResolver {
  const ips: Array<[IpMatcher, string]> = [];
  const names = new Map<string, string>();
  for (const e of entries) {
    for (const s of e.ips) ips.push([ipMatcher(s), e.label]);
    for (const n of e.names) names.set(n.toLowerCase(), e.label);
  }
  const ipCache = new Map<string, string | null>();
  const byIp = (ip: string | null): string | null => {
    if (!ip || !ips.length) return null;
    const hit = ipCache.get(ip);
    if (hit !== undefined) return hit;
    let label: string | null = null;
    for (const [m, l] of ips) if (m(ip)) {
      label = l;
      break;
    }
    if (ipCache.size < 100_000) ipCache.set(ip, label);
    return label;
  };
  /** A PBX-reported trunk name: its mapped label, else the name itself (the PBX says it is a trunk). */
  const byReportedName = (v: unknown): string | null => {
    if (typeof v !== 'string' || !v) return null;
    return names.get(v.toLowerCase()) ?? v;
  };
  /** A channel peer is a trunk only when the map names it (otherwise it is an extension). */
  const byChannel = (ch: string | null): string | null => {
    const p = channelPeer(ch);
    return p ? (names.get(p.toLowerCase()) ?? null) : null;
  };
  return {
    ofLive(c) {
      return byIp(c.calledIp) ?? byIp(c.callerIp) ?? byReportedName(c.extra['outboundTrunk']) ?? byReportedName(c.extra['inboundTrunk']) ?? byChannel(c.channel);
    },
    ofCdr(r) {
      const t = byReportedName(r.extra['dstTrunk']) ?? byReportedName(r.extra['srcTrunk']);
      if (t) return t;
      for (const l of r.legs) {
        const x = byChannel(l.dstchannel) ?? byChannel(l.channel);
        if (x) return x;
      }
      return byIp(typeof r.extra['calledIp'] === 'string' ? r.extra['calledIp'] : null) ?? byIp(typeof r.extra['callerIp'] === 'string' ? r.extra['callerIp'] : null);
    },
  };
}

export interface Destination {
  key: string;
  label: string;
  cls: DialClass;
  country: string | null;
  /** E.164 or extension digits when the number parsed. */
  normalized: string | null;
}

/** Classifies called numbers with the dial policy's rules for `homeCountry`; memoised (numbers repeat). */
export class DestinationClassifier {
  private readonly policy: DialPolicy;
  private readonly cache = new Map<string, Destination>();
  constructor(homeCountry: string, policy?: DialPolicy) {
    this.policy = policy ? { ...policy, defaultCountry: homeCountry } : dialPolicySchema.parse({ defaultCountry: homeCountry });
  }

  of(number: string): Destination {
    const hit = this.cache.get(number);
    if (hit) return hit;
    let d: Destination;
    try {
      const c = classifyDestination(this.policy, number);
      const key = c.cls === 'internal' ? 'internal' : `${c.country ?? '??'}:${c.cls}`;
      const label = c.cls === 'internal' ? 'internal' : `${c.country ?? 'unknown country'} ${c.cls}`;
      d = { key, label, cls: c.cls, country: c.country, normalized: c.normalized };
    } catch {
      d = { key: '??:unknown', label: 'unknown', cls: 'unknown', country: null, normalized: null };
    }
    if (this.cache.size > 200_000) this.cache.clear();
    this.cache.set(number, d);
    return d;
  }
}
