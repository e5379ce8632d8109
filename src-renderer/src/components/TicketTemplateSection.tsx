/** Settings section: the ticket text template (plain / Markdown presets, or an edited copy). */
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../src-main/ipc/contract';
import { bridge, unwrap, messageOf } from '../api';
import { useNotices } from '../stores/notices';
import { Dialog } from './Dialog';

type Setting = ResponseOf<'links:getTemplate'>['setting'];
type Presets = ResponseOf<'links:getTemplate'>['presets'];

const FIELDS = ['callId', 'caller', 'callee', 'start', 'duration', 'disposition', 'mos', 'mosCaller', 'mosCallee', 'link', 'validUntil'];
const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** The closest field name (a typo of one or two letters), for "did you mean". */
function closest(name: string): string | null {
  const d = (a: string, b: string) => {
    const m = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) (m[0] as number[])[j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) (m[i] as number[])[j] = Math.min((m[i - 1] as number[])[j]! + 1, (m[i] as number[])[j - 1]! + 1, (m[i - 1] as number[])[j - 1]! + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
    return (m[a.length] as number[])[b.length]!;
  };
  const best = FIELDS.map((f) => ({ f, n: d(name, f) })).sort((x, y) => x.n - y.n)[0];
  return best && best.n <= 2 ? best.f : null;
}

/** Words for unknown placeholders, checked before saving (main checks again). */
export function placeholderProblem(text: string): string | null {
  const unknown = [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string).filter((n) => !FIELDS.includes(n)))];
  if (!unknown.length) return null;
  return unknown.map((u) => `{{${u}}} is not a ticket field${closest(u) ? ` (did you mean {{${closest(u)}}}?)` : ''}`).join('; ') + '.';
}

export function TicketTemplateSection() {
  const [setting, setSetting] = useState<Setting | null>(null);
  const [presets, setPresets] = useState<Presets | null>(null);
  const [text, setText] = useState('');
  const [markdown, setMarkdown] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [replaceWith, setReplaceWith] = useState<'plain' | 'markdown' | null>(null);
  const notices = useNotices();

  useEffect(() => {
    unwrap(bridge().links.getTemplate({}))
      .then((r) => {
        setSetting(r.setting);
        setPresets(r.presets);
        setText(r.setting.preset === 'custom' ? r.setting.text : r.presets[r.setting.preset]);
        setMarkdown(r.setting.preset === 'custom' ? r.setting.markdown : r.setting.preset === 'markdown');
      })
      .catch((e: unknown) => setError(messageOf(e)));
  }, []);

  async function save(next: Setting) {
    try {
      const r = await unwrap(bridge().links.setTemplate({ setting: next }));
      setSetting(r.setting);
      setError(null);
      notices.info('Ticket template saved.');
    } catch (e) {
      setError(messageOf(e));
    }
  }

  function choose(preset: 'plain' | 'markdown', confirmed = false) {
    if (!presets) return;
    // A custom template is the operator's work: replacing it with a preset asks first.
    if (!confirmed && setting?.preset === 'custom') return setReplaceWith(preset);
    setText(presets[preset]);
    setMarkdown(preset === 'markdown');
    void save({ preset });
  }

  return (
    <section className="ticket-template" data-testid="ticket-template">
      <h3>Ticket text template</h3>
      <p className="field-help">
        Placeholders: {FIELDS.map((f) => `{{${f}}}`).join(' ')}. Values from PBXs are inserted as text{markdown ? ' (Markdown-escaped)' : ''}.
      </p>
      <div className="form-actions">
        <button type="button" className={setting?.preset === 'plain' ? 'primary' : ''} onClick={() => choose('plain')} data-testid="template-plain">
          Plain text
        </button>
        <button type="button" className={setting?.preset === 'markdown' ? 'primary' : ''} onClick={() => choose('markdown')} data-testid="template-markdown">
          Markdown
        </button>
        <label className="check">
          <input type="checkbox" checked={markdown} onChange={(e) => setMarkdown(e.target.checked)} data-testid="template-is-markdown" /> Markdown output
        </label>
      </div>
      <textarea value={text} onChange={(e) => (setText(e.target.value), setError(null))} rows={8} maxLength={4000} aria-label="Ticket template" className="mono template-text" data-testid="template-text" />
      <div className="form-actions">
        <button
          type="button"
          onClick={() => {
            const problem = placeholderProblem(text);
            if (problem) return setError(problem);
            void save({ preset: 'custom', text, markdown });
          }}
          disabled={!text.trim()}
          data-testid="template-save"
        >
          Save template
        </button>
        {setting?.preset === 'custom' && <span className="muted">custom template in use</span>}
      </div>
      {error && (
        <p className="error" role="alert" data-testid="template-error">
          {error}
        </p>
      )}
      <Dialog
        title={`Replace your custom template with the ${replaceWith === 'markdown' ? 'Markdown' : 'plain text'} preset?`}
        open={replaceWith !== null}
        onClose={() => setReplaceWith(null)}
        onConfirm={() => {
          const p = replaceWith;
          setReplaceWith(null);
          if (p) choose(p, true);
        }}
        confirmLabel="Replace"
        danger
        initialFocus="cancel"
        testId="template-replace"
      >
        <p>Your edited template is lost; copy it first if you want to keep it.</p>
      </Dialog>
    </section>
  );
}
