/**
 * Date presets for the CDR search form, and what a relative saved search means when it is run again
 * ("yesterday" is always the day before today, never the day it was saved). Days are on the clock of
 * the display zone's input zone. Pure, unit-tested in Node.
 */
import { msToInput, wallToMs, wallTime } from '../../../src-shared/time-format';

export type RangePreset = 'last1h' | 'last24h' | 'today' | 'yesterday' | 'last7d';
export const RANGE_PRESETS: { id: RangePreset; label: string }[] = [
  { id: 'last1h', label: 'Last hour' },
  { id: 'last24h', label: 'Last 24 h' },
  { id: 'today', label: 'Today' },
  { id: 'yesterday', label: 'Yesterday' },
  { id: 'last7d', label: 'Last 7 days' },
];

export function isRangePreset(v: unknown): v is RangePreset {
  return RANGE_PRESETS.some((p) => p.id === v);
}

export function presetLabel(p: RangePreset): string {
  return RANGE_PRESETS.find((x) => x.id === p)?.label ?? p;
}

/** The midnight that starts the day `daysAgo` days before the day of `nowMs`, on `zone`'s clock. */
function dayStart(nowMs: number, zone: string, daysAgo: number): number {
  const today = wallTime(nowMs, zone).slice(0, 10);
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d - daysAgo)).toISOString().slice(0, 10);
  return wallToMs(day, zone) ?? nowMs;
}

/** datetime-local values (on `zone`'s clock) for a preset at `nowMs`. "To" is rounded up to the next minute. */
export function presetRange(p: RangePreset, nowMs: number, zone: string): { from: string; to: string } {
  const end = Math.ceil((nowMs + 1) / 60_000) * 60_000;
  switch (p) {
    case 'last1h':
      return { from: msToInput(end - 3600_000, zone), to: msToInput(end, zone) };
    case 'last24h':
      return { from: msToInput(end - 24 * 3600_000, zone), to: msToInput(end, zone) };
    case 'today':
      return { from: msToInput(dayStart(nowMs, zone, 0), zone), to: msToInput(end, zone) };
    case 'yesterday':
      return { from: msToInput(dayStart(nowMs, zone, 1), zone), to: msToInput(dayStart(nowMs, zone, 0), zone) };
    case 'last7d':
      return { from: msToInput(dayStart(nowMs, zone, 6), zone), to: msToInput(end, zone) };
  }
}
