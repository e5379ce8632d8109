/**
 * The SIP ladder of one long call, 2,000 SIP packets (the sniffer's sample config names 2,000 as the
 * max_sip_packets_in_call default; its code allows 20,000):
 * the whole active_call_info reply through parseCallDetail (control-byte guard, JSON, validation,
 * duplicate folding, ISO times) against its floor, JSON.parse of the same bytes, in the same run.
 * Entries have the real sniffer's shape (test/fixtures/voipmonitor/real-sniffer-2026.04.0-active-call-info.json).
 * The issue set no budget for this; none is claimed.
 */
import { readFileSync } from 'node:fs';
import { parseCallDetail } from '../src-main/connectors/voipmonitor/call-detail';
import { IsoFormatter } from '../src-main/connectors/voipmonitor/values';
import type { BenchResult } from './types';
import { median } from './stats';

const RUNS = 7;
const PACKETS = 2000;

function timeMs(n: number, fn: () => unknown): number {
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6 / n);
  }
  return median(runs);
}

export default {
  name: 'SIP ladder (active_call_info)',
  async run(): Promise<BenchResult[]> {
    const fixture = JSON.parse(readFileSync(new URL('../test/fixtures/voipmonitor/real-sniffer-2026.04.0-active-call-info.json', import.meta.url), 'utf8')) as Record<string, string>;
    const real = JSON.parse(fixture['answered'] ?? '') as { call: unknown; sip_packets: Array<Record<string, unknown>>; rtp_streams: unknown };
    const one = real.sip_packets[0]!;
    // A long call: re-INVITEs, INFO and OPTIONS every 20 ms of capture clock, each seen once.
    const packets = Array.from({ length: PACKETS }, (_, i) => ({ ...one, time: (one['time'] as number) + i * 20_000, sip: i % 3 ? `INFO sip:5093@127.0.0.3 SIP/2.0` : 'SIP/2.0 200 OK', cseq_m: i % 3 ? 6 : 1, cseq_n: i + 1 }));
    const body = Buffer.from(JSON.stringify({ call: real.call, sip_packets: packets, rtp_streams: real.rtp_streams }).replace(/\//g, '\\/'));
    const f = new IsoFormatter('Europe/Prague');
    for (let i = 0; i < 20; i++) parseCallDetail('b', 'b:1', body, f); // warm-up
    const parseMs = timeMs(30, () => parseCallDetail('b', 'b:1', body, f));
    const floorMs = timeMs(30, () => JSON.parse(body.toString('utf8')));
    const shown = parseCallDetail('b', 'b:1', body, f).sipLadder?.messages.length ?? 0;
    process.stdout.write(`  ${PACKETS} packets, ${(body.length / 1024).toFixed(0)} KiB reply, ${shown} messages shown: parse ${parseMs.toFixed(2)} ms, floor (JSON.parse) ${floorMs.toFixed(2)} ms, ratio ${(parseMs / floorMs).toFixed(2)}x\n`);
    return [
      { metric: `parse ${PACKETS}-packet active_call_info reply (ms)`, value: parseMs, unit: 'ms' },
      { metric: 'floor: JSON.parse of the same bytes (ms)', value: floorMs, unit: 'ms' },
      { metric: 'parse / floor', value: parseMs / floorMs, unit: 'x' },
    ];
  },
} satisfies { name: string; run(): Promise<BenchResult[]> };
