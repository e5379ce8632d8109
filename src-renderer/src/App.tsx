/** The shell: navigation, the current view, the status bar and global keyboard shortcuts. */
import { useEffect } from 'react';
import { views } from './views';
import { useNav } from './stores/nav';
import { useTheme } from './stores/theme';
import { StatusBar } from './components/StatusBar';
import { startLiveFeed } from './lib/live-feed';
import { CallActionsHost } from './components/CallActionsHost';
import { useDisplay } from './stores/display';
import { useProfiles } from './stores/profiles';
import { FirstRun } from './views/FirstRun';
import { ShortcutsOverlay, useShortcutsOverlay } from './components/ShortcutsOverlay';
import { startAlertsFeed } from './stores/alerts';

export function App() {
  const { view, go } = useNav();
  const theme = useTheme();
  const current = views.find((v) => v.id === view) ?? views[0];
  const [shortcuts, setShortcuts] = useShortcutsOverlay();

  useEffect(() => startLiveFeed(), []);
  useEffect(() => startAlertsFeed(), []);
  useEffect(() => void useDisplay.getState().load(), []);
  useEffect(() => void useProfiles.getState().load(), []);
  // First start: with no profiles every view is empty, so show what to do instead (Settings stays reachable).
  const firstRun = useProfiles((s) => s.loaded && s.profiles.length === 0 && !s.problem);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      // Ctrl+1..9 switch views (Cmd on macOS); ignore when another modifier is held.
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && /^[1-9]$/.test(e.key)) {
        const target = views[Number(e.key) - 1];
        if (target) {
          e.preventDefault();
          go(target.id);
        }
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  if (!current) return null;
  const Current = current.component;
  return (
    <div className="app" data-testid="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <nav className="nav" aria-label="Views">
        <div className="brand">Callboard</div>
        <ul>
          {views.map((v, i) => (
            <li key={v.id}>
              <button
                type="button"
                className={v.id === current.id ? 'active' : ''}
                aria-current={v.id === current.id ? 'page' : undefined}
                onClick={() => go(v.id)}
                title={`${v.title} (Ctrl+${i + 1})`}
                data-testid={`nav-${v.id}`}
              >
                <span>{v.title}</span>
                <kbd>^{i + 1}</kbd>
              </button>
            </li>
          ))}
        </ul>
        <div className="nav-foot">
          <button type="button" onClick={() => setShortcuts(true)} data-testid="shortcuts-open" title="Keyboard shortcuts (?)">
            Shortcuts <kbd>?</kbd>
          </button>
          <button type="button" onClick={theme.cycle} data-testid="theme-toggle" title="Theme: follow system, light or dark">
            Theme: {theme.choice}
          </button>
        </div>
      </nav>
      <main id="main" className="main" tabIndex={-1}>
        {firstRun && current.id !== 'settings' ? <FirstRun /> : <Current />}
      </main>
      <StatusBar />
      <CallActionsHost />
      <ShortcutsOverlay open={shortcuts} onClose={() => setShortcuts(false)} />
    </div>
  );
}
