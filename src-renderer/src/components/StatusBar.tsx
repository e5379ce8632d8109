/** Bottom line: the last notice, live totals and what the app runs on. */
import { useEffect, useState } from 'react';
import { useNotices } from '../stores/notices';
import { useLive } from '../stores/live';
import { bridge, unwrap } from '../api';

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

  const states = Object.values(statuses);
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
        {size} live calls · {states.length} sources{bad ? ` · ${bad} with errors` : ''}
      </span>
      <span className="muted">{info}</span>
    </footer>
  );
}
