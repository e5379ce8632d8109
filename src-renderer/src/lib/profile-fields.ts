/**
 * The profile form from its fields as data (each backend's descriptor declares them; profiles:kinds
 * brings them here), addressed by dotted path ("transport.host") — the same paths main uses in its
 * validation messages, so each error lands next to its field. Main's zod schema stays the one validator.
 */
import type { ResponseOf } from '../../../src-main/ipc/contract';

type KindInfo = ResponseOf<'profiles:kinds'>['kinds'][number];

export type FormValues = Record<string, string | boolean>;

/** A form field as main's backend descriptor gives it (profiles:kinds, core/form.ts). */
export type FieldSpec = KindInfo['fields'][number];

function holds(f: FieldSpec, v: FormValues): boolean {
  return (f.when ?? []).every((c) => {
    const value = String(v[c.path] ?? '');
    return (!c.is || c.is.includes(value)) && (!c.not || !c.not.includes(value));
  });
}

/** The fields shown for these values (a field whose conditions do not hold is hidden and not saved). */
export function visibleFields(fields: readonly FieldSpec[], values: FormValues): FieldSpec[] {
  return fields.filter((f) => holds(f, values));
}

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1] as string] = value;
}

function deletePath(obj: Record<string, unknown>, path: string): void {
  const parts = path.split('.');
  let cur: unknown = obj;
  for (const part of parts.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur !== null && typeof cur === 'object') delete (cur as Record<string, unknown>)[parts[parts.length - 1] as string];
}

/** Form values for an existing profile (or defaults for a new one of this kind). */
export function toForm(fields: readonly FieldSpec[], profile: Record<string, unknown> | null): FormValues {
  const values: FormValues = {};
  for (const f of fields) {
    const v = profile ? getPath(profile, f.path) : undefined;
    if (v === undefined || v === null) {
      if (values[f.path] === undefined) values[f.path] = f.initial ?? (f.type === 'checkbox' ? false : '');
    } else if (Array.isArray(v)) values[f.path] = v.join('\n');
    else if (typeof v === 'boolean') values[f.path] = v;
    else values[f.path] = String(v);
  }
  return values;
}

/**
 * Builds the object sent to `profiles:save`. Starts from the saved profile so fields this form does
 * not know (added later to the schema) survive an edit; hidden or empty fields are removed.
 */
export function fromForm(kind: string, fields: readonly FieldSpec[], values: FormValues, original: Record<string, unknown> | null): Record<string, unknown> {
  const out = structuredClone(original ?? {}) as Record<string, unknown>;
  out.kind = kind;
  const all = fields;
  const shown = new Set(visibleFields(fields, values));
  const shownPaths = new Set([...shown].map((f) => f.path));
  for (const f of all) if (!shownPaths.has(f.path)) deletePath(out, f.path);
  for (const f of shown) {
    const v = values[f.path];
    if (f.type === 'checkbox') {
      setPath(out, f.path, v === true);
      continue;
    }
    const s = typeof v === 'string' ? v.trim() : '';
    if (s === '') {
      deletePath(out, f.path);
    } else if (f.type === 'number') {
      // A non-number is passed as typed so main's validation names the field.
      setPath(out, f.path, /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s);
    } else if (f.type === 'list') {
      setPath(out, f.path, s.split(/[\n,]/).map((x) => x.trim()).filter(Boolean));
    } else {
      setPath(out, f.path, s);
    }
  }
  return out;
}
