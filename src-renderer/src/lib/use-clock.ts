/** One shared clock per view (not one timer per row): re-renders the visible rows once per tick. */
import { useEffect, useState } from 'react';

export function useClock(everyMs: number, frozen = false): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (frozen) return;
    setNow(Date.now());
    const t = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(t);
  }, [everyMs, frozen]);
  return now;
}
