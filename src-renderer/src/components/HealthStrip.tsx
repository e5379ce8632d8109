/** Sensor health beside the call quality: capture drops explain bad MOS that the network did not cause. */
import type { SensorHealth } from '../lib/live-bridge';

export function HealthStrip({ health, errors }: { health: Record<string, SensorHealth>; errors: Record<string, string> }) {
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
        return (
          <li key={id} className={`health-item ${drops > 0 || h.memoryFull ? 'warn' : ''}`} data-testid={`health-${id}`}>
            <strong>{id}</strong>
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
