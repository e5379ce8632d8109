/** One chip per watched sensor: connected / slow / error with reason and a retry countdown, and since when its rows are stale. */
import { plural } from '../../../src-shared/time-format';
import type { StatusEntry } from '../stores/live';
import { staleSinceMs } from '../lib/live-rows';
import { formatClock } from '../../../src-shared/time-format';
import { useZone } from '../stores/display';

export function StatusChips({ statuses, watched, now }: { statuses: Record<string, StatusEntry>; watched: string[]; now: number }) {
  const zone = useZone();
  if (!watched.length) return null;
  return (
    <ul className="chips" aria-label="Source status" data-testid="status-chips">
      {watched.map((id) => {
        const s = statuses[id];
        const state = s?.state ?? 'connecting';
        let detail = '';
        if (s) {
          if (state === 'error' && s.retryInSec !== null) {
            const left = Math.max(0, Math.ceil(s.retryInSec - (now - s.receivedAt) / 1000));
            detail = `${s.message} — retrying in ${left} s`;
          } else if (state === 'connected' || state === 'slow') {
            detail = [s.callCount !== null ? plural(s.callCount, 'call') : '', s.lastPollMs !== null ? `${Math.round(s.lastPollMs)} ms` : '', state === 'slow' ? s.message : ''].filter(Boolean).join(' · ');
          } else detail = s.message;
        }
        const stale = staleSinceMs(s);
        return (
          <li key={id} className={`chip chip-${state}${stale !== null ? ' stale' : ''}`} data-testid={`chip-${id}`} data-state={state} title={detail}>
            <strong>{id}</strong> <span className="chip-state">{state}</span>
            {stale !== null && (
              <span className="chip-stale" data-testid={`stale-${id}`}>
                stale since {formatClock(stale, zone)}
              </span>
            )}
            {detail && <span className="chip-detail">{detail}</span>}
          </li>
        );
      })}
    </ul>
  );
}
