/** Add / edit one profile. Main validates; its field errors are shown next to the fields. */
import { useMemo, useState } from 'react';
import type { Profile, ProfileKind } from '../../../src-main/profiles/schema';
import { fromForm, toForm, visibleFields, type FieldSpec, type FormValues } from '../lib/profile-fields';
import { useProfiles, kindLabel, profilesWith, type FieldErrors } from '../stores/profiles';

interface Props {
  kind: ProfileKind;
  original: Profile | null;
  onSaved(profile: Profile): void;
  onCancel(): void;
}

const NO_FIELDS: FieldSpec[] = [];

/**
 * One path may have several fields that show under different conditions with different defaults (a
 * sensor's port: 5029 over TCP, 22 over SSH). When a change swaps which one shows, an untouched value
 * (empty, or the old field's default) follows to the new default.
 */
function followDefaults(fields: readonly FieldSpec[], prev: FormValues, next: FormValues): FormValues {
  const before = new Map(visibleFields(fields, prev).map((f) => [f.path, f]));
  const out = { ...next };
  for (const f of visibleFields(fields, next)) {
    const old = before.get(f.path);
    if (old && old !== f && typeof f.initial === 'string' && (prev[f.path] === '' || prev[f.path] === old.initial)) out[f.path] = f.initial;
  }
  return out;
}

export function ProfileForm({ kind, original, onSaved, onCancel }: Props) {
  const save = useProfiles((s) => s.save);
  const profiles = useProfiles((s) => s.profiles);
  const fields = useProfiles((s) => s.kinds.find((k) => k.kind === kind)?.fields) ?? NO_FIELDS;
  const isNew = original === null;
  const originalObj = original as unknown as Record<string, unknown> | null;
  const [values, setValues] = useState<FormValues>(() => toForm(fields, originalObj));
  // The saved profile can change under an open form (accepting a certificate pins tlsCertSha256, an
  // import replaces it). Adopt the new saved values in the fields the operator has not touched, so a
  // later Save does not write the stale ones back (it would silently drop a pin just accepted).
  const [base, setBase] = useState(originalObj);
  if (originalObj !== base) {
    setBase(originalObj);
    if (base && originalObj) {
      const before = toForm(fields, base);
      const after = toForm(fields, originalObj);
      setValues((cur) => {
        const next = { ...cur };
        for (const [k, v] of Object.entries(after)) if (cur[k] === before[k]) next[k] = v;
        return next;
      });
    }
  }
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sipvaults = useMemo(() => profilesWith(profiles, 'signLink').map((p) => p.id), [profiles]);

  const shown = visibleFields(fields, values);
  const groups = new Map<string, FieldSpec[]>();
  for (const f of shown) {
    const g = f.group ?? 'Profile';
    groups.set(g, [...(groups.get(g) ?? []), f]);
  }

  function change(path: string, v: string | boolean) {
    setValues((prev) => followDefaults(fields, prev, { ...prev, [path]: v }));
    if (errors[path]) setErrors((e) => ({ ...e, [path]: '' }));
  }

  async function submit() {
    setBusy(true);
    setFormError(null);
    const res = await save(fromForm(kind, fields, values, originalObj), isNew);
    setBusy(false);
    if (res.ok && res.profile) {
      setErrors({});
      onSaved(res.profile);
    } else {
      setErrors(res.fields);
      setFormError(res.message ?? 'Saving failed.');
    }
  }

  // Errors for paths the form does not show (e.g. top level) still need a place.
  const known = new Set(fields.map((f) => f.path));

  return (
    <form
      className="profile-form"
      data-testid="profile-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <h2>
        {isNew ? 'New' : 'Edit'} {kindLabel(kind)} profile
      </h2>
      {formError && (
        <div className="error-box" role="alert" data-testid="form-error">
          {formError}
          {Object.entries(errors)
            .filter(([p, m]) => m && !known.has(p))
            .map(([p, m]) => (
              <div key={p}>
                {p}: {m}
              </div>
            ))}
        </div>
      )}
      {[...groups.entries()].map(([group, fields]) => (
        <fieldset key={group}>
          <legend>{group}</legend>
          {fields.map((f) => (
            <Field key={f.path + (f.when ? '*' : '')} spec={f} value={values[f.path]} error={errors[f.path]} disabled={(f.createOnly && !isNew) || busy} sipvaults={sipvaults} onChange={(v) => change(f.path, v)} />
          ))}
        </fieldset>
      ))}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy} data-testid="profile-save">
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={onCancel} data-testid="profile-cancel">
          Cancel
        </button>
      </div>
    </form>
  );
}

interface FieldProps {
  spec: FieldSpec;
  value: string | boolean | undefined;
  error: string | undefined;
  disabled: boolean;
  sipvaults: string[];
  onChange(v: string | boolean): void;
}

function Field({ spec, value, error, disabled, sipvaults, onChange }: FieldProps) {
  const id = `f-${spec.path.replace(/\./g, '-')}`;
  const tid = `field-${spec.path}`;
  const describedBy = [error ? `${id}-err` : '', spec.help ? `${id}-help` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, disabled, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, 'data-testid': tid };
  let input;
  switch (spec.type) {
    case 'checkbox':
      input = <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
      break;
    case 'select':
      input = (
        <select {...common} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
          {(spec.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
      break;
    case 'profileRef':
      input = (
        <select {...common} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
          <option value="">(none)</option>
          {sipvaults.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
          {typeof value === 'string' && value && !sipvaults.includes(value) && <option value={value}>{value} (missing)</option>}
        </select>
      );
      break;
    case 'list':
      input = <textarea {...common} rows={2} value={String(value ?? '')} placeholder={spec.placeholder} onChange={(e) => onChange(e.target.value)} spellCheck={false} />;
      break;
    default:
      input = (
        <input
          type="text"
          inputMode={spec.type === 'number' ? 'numeric' : undefined}
          {...common}
          value={String(value ?? '')}
          placeholder={spec.placeholder}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
  return (
    <div className={`field ${spec.type === 'checkbox' ? 'field-check' : ''} ${error ? 'has-error' : ''}`}>
      <label htmlFor={id}>{spec.label}</label>
      {input}
      {error && (
        <span id={`${id}-err`} className="field-error" role="alert" data-testid={`${tid}-error`}>
          {error}
        </span>
      )}
      {spec.help && !error && (
        <span id={`${id}-help`} className="field-help">
          {spec.help}
        </span>
      )}
    </div>
  );
}
