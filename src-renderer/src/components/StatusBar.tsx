/** Bottom line: the last notice, live totals and what the app runs on. */
import { useEffect, useState } from 'react';
import { useNotices } from '../stores/notices';
import { useLive } from '../stores/live';
import { bridge, unwrap } from '../api';
import { plural } from '../../../src-shared/time-format';

export function StatusBar() {
  const notice = useNotices((s) => s.current);
  const dismiss = useNotices((s) => s.dismiss);
  const size = useLive((s) => (s.version >= 0 ? s.rows.size : 0));
  const statuses = useLive((s) => s.statuses);
  const [info, setInfo] = useState<string>('');

  useEffect(() => {
    (async () => unwrap(bridge().app.info({})))()
      .then((i) => setInfo(`Callboard ${i.version} · keychain: ${i.keychain}`))
      .catch(() => setInfo('Callboard'));
  }, []);

  // Only sources that answer now count as sources; stale ones are counted apart.
  const states = Object.values(statuses);
  const live = states.filter((s) => s.state === 'connected' || s.state === 'slow').length;
  const bad = states.filter((s) => s.state === 'error').length;
  return (
    <footer className="statusbar" data-testid="statusbar">
      <span className={`notice ${notice?.kind ?? ''}`} role={notice?.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
        {notice?.text}
        {notice && (
          <button type="button" className="link-button" onClick={dismiss} aria-label="Dismiss message">
            ✕
          </button>
        )}
      </span>
      <span className="spacer" />
      <span data-testid="status-live">
        {plural(size, 'live call')} · {plural(live, 'live source')}{bad ? ` · ${bad} stale` : ''}
      </span>
      <span className="muted">{info}</span>
    </footer>
  );
}
