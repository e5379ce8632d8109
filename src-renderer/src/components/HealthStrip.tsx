/**
 * Sensor health beside the call quality: capture drops explain bad MOS that the network did not cause.
 * A sensor whose live source is failing keeps its last health greyed, labelled with since when it is stale.
 */
import type { SensorHealth } from '../lib/live-bridge';
import { formatClock } from '../../../src-shared/time-format';
import { useZone } from '../stores/display';

export function HealthStrip({ health, errors, stale = {} }: { health: Record<string, SensorHealth>; errors: Record<string, string>; stale?: Record<string, number> }) {
  const zone = useZone();
  const ids = [...new Set([...Object.keys(health), ...Object.keys(errors)])].sort();
  if (!ids.length) return null;
  return (
    <ul className="health" aria-label="Sensor health" data-testid="health-strip">
      {ids.map((id) => {
        const h = health[id];
        if (!h) {
          return (
            <li key={id} className="health-item" data-testid={`health-${id}`}>
              <strong>{id}</strong> <span className="muted">{errors[id]}</span>
            </li>
          );
        }
        const drops = (h.captureDrops ?? 0) + (h.bufferDrops ?? 0);
        const since = stale[id];
        return (
          <li key={id} className={`health-item ${drops > 0 || h.memoryFull ? 'warn' : ''}${since !== undefined ? ' stale' : ''}`} data-testid={`health-${id}`} data-stale={since !== undefined ? 'true' : undefined}>
            <strong>{id}</strong>
            {since !== undefined && <span className="stale-label">stale since {formatClock(since, zone)}</span>}
            <span>v{h.version ?? '?'}</span>
            <span>{h.activeCalls ?? '–'} calls</span>
            <span title="Capture drops (pcap + interface) / buffer drops">
              {drops > 0 ? '▲ ' : ''}drops {h.captureDrops ?? '–'} / {h.bufferDrops ?? '–'}
            </span>
            <span>{h.traffic ?? '–'}</span>
            {h.memoryFull && <span className="error">memory full</span>}
            {h.initializing && <span className="muted">initializing</span>}
          </li>
        );
      })}
    </ul>
  );
}
