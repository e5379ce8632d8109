/**
 * Jitter and loss with a quality band shown as colour, a symbol and words, like MOS (never colour
 * alone). Thresholds: one-way jitter above 30 ms and loss above 1 % are where voice degrades audibly
 * (Cisco, "Quality of Service for Voice over IP"; ITU-T G.114/G.1020 use the same orders of magnitude).
 */
import type { ReactNode } from 'react';
import type { MosBand } from '../lib/live-rows';

const SYMBOL: Record<MosBand, string> = { good: '●', fair: '◐', poor: '▲', bad: '✖', unknown: '' };

export function jitterBand(ms: number | null): MosBand {
  if (ms === null || !Number.isFinite(ms)) return 'unknown';
  return ms < 30 ? 'good' : ms < 50 ? 'fair' : ms < 100 ? 'poor' : 'bad';
}

export function lossBand(pct: number | null): MosBand {
  if (pct === null || !Number.isFinite(pct)) return 'unknown';
  return pct < 1 ? 'good' : pct < 3 ? 'fair' : pct < 5 ? 'poor' : 'bad';
}

const RANK: Record<MosBand, number> = { unknown: 0, good: 1, fair: 2, poor: 3, bad: 4 };
export const worse = (a: MosBand, b: MosBand): MosBand => (RANK[a] >= RANK[b] ? a : b);

/** A value (or "a / b" pair) in the band of its worse direction; "good" stays plain to keep the table calm. */
export function Band({ band, label, children }: { band: MosBand; label: string; children: ReactNode }) {
  if (band === 'unknown' || band === 'good') return <>{children}</>;
  return (
    <span className={`mos mos-${band}`} title={`${label}: ${band}`} data-band={band}>
      <span aria-hidden="true">{SYMBOL[band]}</span> {children} <span className="sr-only">{band}</span>
    </span>
  );
}
