/** Settings section: the ticket text template (plain / Markdown presets, or an edited copy). */
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../src-main/ipc/contract';
import { bridge, unwrap, messageOf } from '../api';
import { useNotices } from '../stores/notices';

type Setting = ResponseOf<'links:getTemplate'>['setting'];
type Presets = ResponseOf<'links:getTemplate'>['presets'];

const FIELDS = ['callId', 'caller', 'callee', 'start', 'duration', 'disposition', 'mos', 'mosCaller', 'mosCallee', 'link', 'validUntil'];

export function TicketTemplateSection() {
  const [setting, setSetting] = useState<Setting | null>(null);
  const [presets, setPresets] = useState<Presets | null>(null);
  const [text, setText] = useState('');
  const [markdown, setMarkdown] = useState(false);
  const [error, setError] = useState<string | null>(null);
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

  function choose(preset: 'plain' | 'markdown') {
    if (!presets) return;
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
      <textarea value={text} onChange={(e) => setText(e.target.value)} rows={8} maxLength={4000} aria-label="Ticket template" className="mono template-text" data-testid="template-text" />
      <div className="form-actions">
        <button type="button" onClick={() => void save({ preset: 'custom', text, markdown })} disabled={!text.trim()} data-testid="template-save">
          Save template
        </button>
        {setting?.preset === 'custom' && <span className="muted">custom template in use</span>}
      </div>
      {error && <p className="error">{error}</p>}
    </section>
  );
}
