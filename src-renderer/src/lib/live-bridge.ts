/**
 * The live-calls part of the bridge in one place, so the views do not depend on the exact channel
 * shapes. PROVISIONAL: written before src-main/ipc/contract/live.ts existed; mirrors the shapes of
 * the VoIPmonitor connector (health.ts, registrations.ts) and domain/live-call.ts.
 */
import type { Envelope } from '../../../src-main/ipc/contract';
import type { LiveCall, LiveDiff, SourceStatus } from '../../../src-main/domain/live-call';
import { bridge, unwrap } from '../api';

export type Scalar = string | number | boolean | null;

export interface SensorHealth {
  sensor: string;
  version: string | null;
  uptimeSec: number | null;
  activeCalls: number | null;
  bufferDrops: number | null;
  captureDrops: number | null;
  interfaces: { name: string; pdrops: number | null; pcapdrop: number | null; ifdrop: number | null }[];
  traffic: string | null;
  memoryFull: boolean | null;
  initializing: boolean;
}

export interface Registration {
  sensor: string;
  id: string;
  user: string;
  fromNum: string | null;
  toNum: string | null;
  contactNum: string | null;
  domain: string | null;
  state: string;
  lastChange: string | null;
  expiresAt: string | null;
  expiresSec: number | null;
  clientIp: string | null;
  clientPort: number | null;
  serverIp: string | null;
  serverPort: number | null;
  userAgent: string | null;
  responseMs: number | null;
  sipAlg: boolean | null;
}

export interface CallDetail {
  call: LiveCall | null;
  streams: Record<string, Scalar>[];
}

type LooseChannel = (req: unknown) => Promise<Envelope<unknown>>;
type LooseApi = Record<string, Record<string, LooseChannel | undefined> | undefined> & {
  events: { on(event: string, cb: (p: unknown) => void): () => void };
};

function loose(): LooseApi {
  return bridge() as unknown as LooseApi;
}

async function call<T>(channel: string, req: unknown): Promise<T> {
  const [domain, verb] = channel.split(':') as [string, string];
  const fn = loose()[domain]?.[verb];
  if (!fn) throw new Error(`${channel} is not available in this build`);
  return (await unwrap(fn(req))) as T;
}

export const liveBridge = {
  subscribe: (profileIds: string[], filter: string) => call<unknown>('live:subscribe', filter ? { profileIds, filter } : { profileIds }),
  callDetail: (key: string) => call<CallDetail>('live:callDetail', { key }),
  health: (profileId: string) => call<SensorHealth>('live:health', { profileId }),
  registrations: (profileId: string) => call<{ registrations: Registration[] }>('live:registrations', { profileId }),
  onDiff(cb: (d: LiveDiff) => void): () => void {
    return loose().events.on('live:diff', (p) => cb(p as LiveDiff));
  },
  onStatus(cb: (s: SourceStatus) => void): () => void {
    return loose().events.on('live:status', (p) => cb(p as SourceStatus));
  },
};
