/**
 * Alert rules as an operator edits them: a table of the rules and a form for one, with the fields
 * that apply to its kind. Every save sends the whole watch settings to main, whose strict schema
 * decides; its per-field problems (PublicError.fields) are shown next to the fields. The JSON view
 * stays for trunk maps, sounds and bulk edits.
 */
import { useEffect, useMemo, useState } from 'react';
import { bridge, unwrap, messageOf, ApiError } from '../api';
import type { RequestOf } from '../../../src-main/ipc/contract';
import type { AlertRule, WatchSettings } from '../../../src-main/domain/alerts';
import type { FieldErrors } from '../../../src-main/core/errors';
import { useProfiles } from '../stores/profiles';
import { formToRule, KINDS, newRuleForm, RULE_KIND_INFO, ruleIdFor, ruleSummary, ruleToForm, SEVERITIES, type RuleFormValues } from '../lib/rule-kinds';

type SaveSettings = RequestOf<'alerts:saveSettings'>['settings'];

/**
 * Main's field paths for rule `index` → the form's: the router checks `alerts:saveSettings` against the
 * settings schema, so a rule's problem arrives as "settings.rules.3.threshold".
 */
function ruleFieldErrors(fields: FieldErrors, index: number): FieldErrors {
  const prefix = `settings.rules.${index}.`;
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(fields)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

/** The panel's loaded settings as JSON (no second read of watch.json). */
function JsonEditor({ initial, onSaved }: { initial: WatchSettings; onSaved: (s: WatchSettings) => void }) {
  const [text, setText] = useState(() => JSON.stringify(initial, null, 2));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = async () => {
    setSaved(false);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      setError('The settings are not valid JSON.');
      return;
    }
    try {
      const r = await unwrap(bridge().alerts.saveSettings({ settings: value as SaveSettings }));
      setText(JSON.stringify(r.settings, null, 2));
      setError(null);
      setSaved(true);
      onSaved(r.settings);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <div data-testid="rules-json-editor">
      <p className="muted">Alert rules, trunk maps and sounds (watch.json beside profiles.json). Rule kinds and fields: docs/KPIS.md.</p>
      <label htmlFor="rules-json" className="sr-only">
        Watch settings (JSON)
      </label>
      <textarea id="rules-json" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} rows={18} data-testid="rules-json" />
      {error && (
        <div className="error-box" role="alert" data-testid="rules-error">
          {error}
        </div>
      )}
      <div className="toolbar">
        <button type="button" onClick={() => void save()} data-testid="rules-save">
          Save settings
        </button>
        {saved && <span className="ok-text" data-testid="rules-saved">Saved; the watch uses them now.</span>}
      </div>
    </div>
  );
}

interface FieldProps {
  id: string;
  label: string;
  error?: string | undefined;
  help?: string;
  children: React.ReactNode;
}

function Field({ id, label, error, help, children }: FieldProps) {
  return (
    <div className={`field ${error ? 'has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error && (
        <span id={`${id}-err`} className="field-error" role="alert" data-testid={`${id}-error`}>
          {error}
        </span>
      )}
      {help && !error && <span className="field-help">{help}</span>}
    </div>
  );
}

function RuleForm({ initial, isNew, errors, formError, busy, onSave, onCancel }: {
  initial: RuleFormValues;
  isNew: boolean;
  errors: FieldErrors;
  formError: string | null;
  busy: boolean;
  onSave: (v: RuleFormValues) => void;
  onCancel: () => void;
}) {
  const [v, setV] = useState(initial);
  const profiles = useProfiles((s) => s.profiles);
  const k = RULE_KIND_INFO[v.kind];
  const set = <K extends keyof RuleFormValues>(key: K, value: RuleFormValues[K]) => setV((cur) => ({ ...cur, [key]: value }));
  const text = (key: 'name' | 'threshold' | 'clearThreshold' | 'minSample' | 'windowSec' | 'forSec' | 'clearForSec' | 'codes' | 'countries', numeric = true) => ({
    id: `rule-${key}`,
    'data-testid': `rule-${key}`,
    value: v[key],
    inputMode: numeric ? ('decimal' as const) : undefined,
    spellCheck: false,
    autoComplete: 'off',
    'aria-invalid': errors[key] ? true : undefined,
    'aria-describedby': errors[key] ? `rule-${key}-err` : undefined,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(key, e.target.value),
  });
  return (
    <form
      className="profile-form rule-form"
      data-testid="rule-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(v);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <h2>{isNew ? 'New alert rule' : `Edit rule ${v.id}`}</h2>
      {formError && (
        <div className="error-box" role="alert" data-testid="rule-form-error">
          {formError}
        </div>
      )}
      <fieldset>
        <legend>What it watches</legend>
        <Field id="rule-kind" label="Kind" error={errors.kind} help={`Opens when the ${k.figure} is ${k.opens} the threshold.`}>
          <select
            id="rule-kind"
            data-testid="rule-kind"
            value={v.kind}
            onChange={(e) => {
              const kind = e.target.value as RuleFormValues['kind'];
              // A new rule follows the kind's usual threshold and name until the operator changes them.
              setV((cur) => (isNew && cur.threshold === String(RULE_KIND_INFO[cur.kind].threshold) ? { ...newRuleForm(kind), name: cur.name === RULE_KIND_INFO[cur.kind].label ? RULE_KIND_INFO[kind].label : cur.name } : { ...cur, kind }));
            }}
          >
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {RULE_KIND_INFO[kind].label}
              </option>
            ))}
          </select>
        </Field>
        <Field id="rule-name" label="Name" error={errors.name}>
          <input type="text" {...text('name', false)} />
        </Field>
        <Field id="rule-severity" label="Severity" error={errors.severity}>
          <select id="rule-severity" data-testid="rule-severity" value={v.severity} onChange={(e) => set('severity', e.target.value as RuleFormValues['severity'])}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <div className="field field-check">
          <input id="rule-enabled" type="checkbox" checked={v.enabled} onChange={(e) => set('enabled', e.target.checked)} data-testid="rule-enabled" />
          <label htmlFor="rule-enabled">Enabled</label>
        </div>
      </fieldset>
      <fieldset>
        <legend>Where</legend>
        <div className={`field ${errors.profileIds ? 'has-error' : ''}`} role="group" aria-labelledby="rule-profiles-label">
          <span id="rule-profiles-label" className="label">Profiles (none ticked: every watched profile)</span>
          {profiles.map(({ profile: p }) => (
            <label key={p.id} className="check-inline">
              <input
                type="checkbox"
                checked={v.profileIds.includes(p.id)}
                onChange={(e) => set('profileIds', e.target.checked ? [...v.profileIds, p.id] : v.profileIds.filter((x) => x !== p.id))}
                data-testid={`rule-profile-${p.id}`}
              />
              {p.name} ({p.id})
            </label>
          ))}
          {errors.profileIds && <span className="field-error" role="alert">{errors.profileIds}</span>}
        </div>
        {k.groups && (
          <Field id="rule-groupBy" label="Evaluate per" error={errors.groupBy}>
            <select id="rule-groupBy" data-testid="rule-groupBy" value={v.groupBy} onChange={(e) => set('groupBy', e.target.value as RuleFormValues['groupBy'])}>
              <option value="source">source</option>
              <option value="trunk">trunk (trunk map)</option>
              <option value="destination">destination (country and number class)</option>
            </select>
          </Field>
        )}
      </fieldset>
      <fieldset>
        <legend>When</legend>
        <Field id="rule-threshold" label={`Threshold (${k.unit}, opens ${k.opens})`} error={errors.threshold}>
          <input type="text" {...text('threshold')} />
        </Field>
        <Field id="rule-clearThreshold" label={`Clears past (${k.unit}; empty: the threshold)`} error={errors.clearThreshold} help="Hysteresis: the figure must get back past this to clear.">
          <input type="text" {...text('clearThreshold')} />
        </Field>
        <Field id="rule-forSec" label="Must hold for (s)" error={errors.forSec}>
          <input type="text" {...text('forSec')} />
        </Field>
        <Field id="rule-clearForSec" label="Must be back for (s) to clear" error={errors.clearForSec}>
          <input type="text" {...text('clearForSec')} />
        </Field>
        <Field id="rule-minSample" label="Minimum sample (calls)" error={errors.minSample} help="Below this a figure is 'too small' and never opens an alert.">
          <input type="text" {...text('minSample')} />
        </Field>
        {k.window && (
          <Field id="rule-windowSec" label="Window (s)" error={errors.windowSec}>
            <input type="text" {...text('windowSec')} />
          </Field>
        )}
        {k.codes && (
          <Field id="rule-codes" label="SIP codes or classes (e.g. 503, 5xx)" error={errors.codes}>
            <input type="text" {...text('codes', false)} />
          </Field>
        )}
        {k.countries && (
          <Field id="rule-countries" label="Countries calls may also go to (ISO codes, e.g. DE, AT)" error={errors.countries}>
            <input type="text" {...text('countries', false)} />
          </Field>
        )}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy} data-testid="rule-save">
          {busy ? 'Saving…' : 'Save rule'}
        </button>
        <button type="button" onClick={onCancel} data-testid="rule-cancel">
          Cancel
        </button>
      </div>
    </form>
  );
}

export function RulesPanel({ onClose }: { onClose: () => void }) {
  const [settings, setSettings] = useState<WatchSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [editing, setEditing] = useState<{ index: number | null; values: RuleFormValues } | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);

  const load = () =>
    unwrap(bridge().alerts.settings({}))
      .then((r) => setSettings(r.settings))
      .catch((e: unknown) => setLoadError(messageOf(e)));
  useEffect(() => {
    void load();
  }, []);

  const rules = useMemo(() => settings?.rules ?? [], [settings]);
  const taken = useMemo(() => new Set(rules.map((r) => r.id)), [rules]);

  /** Saves `next` as the rules; on refusal shows main's field problems for rule `focus`. Resolves whether it saved. */
  const saveRules = async (next: unknown[], focus: number | null): Promise<boolean> => {
    if (!settings) return false;
    setBusy(true);
    try {
      const r = await unwrap(bridge().alerts.saveSettings({ settings: { ...settings, rules: next } as SaveSettings }));
      setSettings(r.settings);
      setErrors({});
      setFormError(null);
      return true;
    } catch (e) {
      setFormError(messageOf(e));
      setErrors(e instanceof ApiError && focus !== null ? ruleFieldErrors(e.fields, focus) : {});
      return false;
    } finally {
      setBusy(false);
    }
  };

  const saveRule = async (v: RuleFormValues) => {
    if (!editing) return;
    const isNew = editing.index === null;
    const values = isNew ? { ...v, id: ruleIdFor(v.name, taken) } : v;
    const rule = formToRule(values);
    const index = isNew ? rules.length : (editing.index as number);
    const next: unknown[] = [...rules];
    next[index] = rule;
    if (await saveRules(next, index)) {
      setEditing(null);
      setNotice(`${isNew ? 'Added' : 'Saved'} rule "${values.name}"; the watch uses it now.`);
    }
  };

  const toggle = async (r: AlertRule, i: number) => {
    const next: unknown[] = [...rules];
    next[i] = { ...r, enabled: !r.enabled };
    if (await saveRules(next, i)) setNotice(`Rule "${r.name}" ${r.enabled ? 'disabled' : 'enabled'}.`);
  };

  const remove = async (r: AlertRule) => {
    if (confirmDelete !== r.id) {
      setConfirmDelete(r.id);
      return;
    }
    setConfirmDelete(null);
    if (await saveRules(rules.filter((x) => x.id !== r.id), null)) setNotice(`Deleted rule "${r.name}".`);
  };

  return (
    <div className="rules-editor" data-testid="rules-editor">
      <div className="toolbar">
        <h2>Alert rules</h2>
        <div role="tablist" aria-label="Rules editor" className="seg">
          <button type="button" role="tab" aria-selected={mode === 'form'} className={mode === 'form' ? 'active' : ''} onClick={() => setMode('form')} data-testid="rules-mode-form">
            Rules
          </button>
          <button type="button" role="tab" aria-selected={mode === 'json'} className={mode === 'json' ? 'active' : ''} onClick={() => setMode('json')} data-testid="rules-mode-json">
            All settings (JSON)
          </button>
        </div>
        <span className="spacer" />
        <button type="button" onClick={onClose} data-testid="rules-close">
          Close
        </button>
      </div>
      {loadError && (
        <div className="error-box" role="alert">
          {loadError}
        </div>
      )}
      {mode === 'json' && settings && (
        <JsonEditor
          initial={settings}
          onSaved={(s) => {
            setSettings(s);
            setEditing(null);
          }}
        />
      )}
      {mode === 'form' && settings && (
        <>
          {notice && (
            <p className="ok-text" role="status" data-testid="rules-notice">
              {notice}
            </p>
          )}
          {!editing && formError && (
            <div className="error-box" role="alert" data-testid="rules-list-error">
              {formError}
            </div>
          )}
          <table className="rules-table" data-testid="rules-table">
            <thead>
              <tr>
                <th>On</th>
                <th>Rule</th>
                <th>Severity</th>
                <th>Profiles</th>
                <th>Opens when</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r, i) => (
                <tr key={r.id} data-testid="rule-row" data-rule-id={r.id} className={r.enabled ? '' : 'muted'}>
                  <td>
                    <input type="checkbox" checked={r.enabled} aria-label={`Rule ${r.name} enabled`} disabled={busy} onChange={() => void toggle(r, i)} data-testid="rule-row-enabled" />
                  </td>
                  <td>{r.name}</td>
                  <td>
                    <span className={`badge sev sev-${r.severity}`}>{r.severity}</span>
                  </td>
                  <td>{r.profileIds.length ? r.profileIds.join(', ') : 'every watched profile'}</td>
                  <td data-testid="rule-row-summary">{ruleSummary(r)}</td>
                  <td className="actions">
                    <button
                      type="button"
                      onClick={() => {
                        setErrors({});
                        setFormError(null);
                        setNotice(null);
                        setEditing({ index: i, values: ruleToForm(r) });
                      }}
                      data-testid="rule-row-edit"
                    >
                      Edit
                    </button>
                    <button type="button" className={confirmDelete === r.id ? 'danger' : ''} onClick={() => void remove(r)} onBlur={() => setConfirmDelete((c) => (c === r.id ? null : c))} data-testid="rule-row-delete">
                      {confirmDelete === r.id ? 'Really delete?' : 'Delete'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!rules.length && (
            <p className="muted empty" data-testid="rules-empty">
              No alert rules yet.
            </p>
          )}
          {!editing && (
            <div className="toolbar">
              <button
                type="button"
                className="primary"
                onClick={() => {
                  setErrors({});
                  setFormError(null);
                  setNotice(null);
                  setEditing({ index: null, values: newRuleForm() });
                }}
                data-testid="rule-add"
              >
                Add rule
              </button>
            </div>
          )}
          {editing && (
            <RuleForm
              key={editing.index ?? 'new'}
              initial={editing.values}
              isNew={editing.index === null}
              errors={errors}
              formError={formError}
              busy={busy}
              onSave={(v) => void saveRule(v)}
              onCancel={() => {
                setEditing(null);
                setFormError(null);
                setErrors({});
              }}
            />
          )}
        </>
      )}
    </div>
  );
}
