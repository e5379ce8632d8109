/**
 * The profile forms, described as data: one list of fields per kind, addressed by dotted path
 * ("transport.host") — the same paths main uses in its validation messages, so each error lands
 * next to its field. Main's zod schema stays the one validator; this file only shapes the form.
 */
import type { ProfileKind } from '../../../src-main/profiles/schema';

export type FormValues = Record<string, string | boolean>;

export interface FieldSpec {
  path: string;
  label: string;
  type: 'text' | 'number' | 'select' | 'checkbox' | 'list' | 'profileRef';
  options?: readonly string[];
  /** Default for a new profile (as the form holds it). */
  initial?: string | boolean;
  help?: string;
  placeholder?: string;
  /** Shown (and saved) only when this returns true. */
  when?: (v: FormValues) => boolean;
  /** Only editable when creating (the id names keychain entries). */
  createOnly?: boolean;
  /** Group heading in the form. */
  group?: string;
}

const transport = (t: string) => (v: FormValues) => v['transport.type'] === t;
const ssh = transport('ssh');

const dialPolicy: FieldSpec[] = [
  { path: 'operatorExtension', label: 'Operator extension', type: 'text', placeholder: '101', help: 'Your own phone: calls ring it first.' },
  { path: 'dialPolicy.defaultCountry', label: 'Default country', type: 'text', initial: 'US', help: 'ISO code used for national numbers, e.g. CZ, US.', group: 'Dial policy' },
  { path: 'dialPolicy.allowInternal', label: 'Allow internal extensions', type: 'checkbox', initial: true, group: 'Dial policy' },
  { path: 'dialPolicy.allowNational', label: 'Allow national numbers', type: 'checkbox', initial: true, group: 'Dial policy' },
  { path: 'dialPolicy.allowMobile', label: 'Allow mobile numbers', type: 'checkbox', initial: true, group: 'Dial policy' },
  { path: 'dialPolicy.allowInternational', label: 'Allow international numbers', type: 'checkbox', initial: false, group: 'Dial policy' },
  { path: 'dialPolicy.extensionPattern', label: 'Extension pattern', type: 'text', initial: '^[0-9]{2,6}$', group: 'Dial policy' },
  { path: 'dialPolicy.allow', label: 'Always allow prefixes', type: 'list', placeholder: '+4420*', help: 'One per line.', group: 'Dial policy' },
  { path: 'dialPolicy.deny', label: 'Always deny prefixes', type: 'list', placeholder: '+1900*', help: 'One per line; deny wins.', group: 'Dial policy' },
  { path: 'dialPolicy.maxPerMinute', label: 'Max calls per minute', type: 'number', initial: '10', group: 'Dial policy' },
  { path: 'dialPolicy.dedupSeconds', label: 'Ignore repeats within (s)', type: 'number', initial: '10', group: 'Dial policy' },
  { path: 'dialPolicy.skipConfirmForInternal', label: 'No confirmation for internal calls', type: 'checkbox', initial: false, group: 'Dial policy' },
  {
    path: 'dialPolicy.dialFormat',
    label: 'Send numbers to the PBX as',
    type: 'select',
    options: ['e164', 'local'],
    initial: 'e164',
    help: 'e164: +442079460000. local: as a desk phone in the default country dials it (02079460000), for outbound routes that do not match "+".',
    group: 'Dial policy',
  },
];

const sipvaultRef: FieldSpec = {
  path: 'sipvaultProfileId',
  label: 'SIP VAULT profile',
  type: 'profileRef',
  help: 'Used for "Copy link" on calls from this profile.',
};

export const FIELDS: Record<ProfileKind, FieldSpec[]> = {
  voipmonitor: [
    { path: 'transport.type', label: 'Transport', type: 'select', options: ['tcp', 'unix', 'ssh'], initial: 'tcp', group: 'Connection' },
    { path: 'transport.host', label: 'Host', type: 'text', placeholder: 'sensor.example.net', when: (v) => v['transport.type'] !== 'unix', group: 'Connection' },
    { path: 'transport.port', label: 'Port', type: 'number', initial: '5029', when: transport('tcp'), group: 'Connection' },
    { path: 'transport.port', label: 'SSH port', type: 'number', initial: '22', when: ssh, group: 'Connection' },
    { path: 'transport.socketPath', label: 'Manager socket', type: 'text', initial: '/tmp/vm_manager_socket', when: (v) => v['transport.type'] === 'unix' || (ssh(v) && v['transport.mode'] !== 'tcp'), group: 'Connection' },
    { path: 'transport.user', label: 'SSH user', type: 'text', when: ssh, group: 'Connection' },
    { path: 'transport.auth', label: 'SSH authentication', type: 'select', options: ['key', 'agent', 'password'], initial: 'key', when: ssh, group: 'Connection' },
    { path: 'transport.sshKeyPath', label: 'SSH private key file', type: 'text', placeholder: '/home/me/.ssh/id_ed25519', when: (v) => ssh(v) && v['transport.auth'] === 'key', group: 'Connection' },
    { path: 'transport.mode', label: 'Reach the manager via', type: 'select', options: ['streamlocal', 'exec', 'tcp'], initial: 'streamlocal', when: ssh, group: 'Connection', help: 'streamlocal: OpenSSH socket forward; exec: nc -U on the sensor; tcp: port on the sensor.' },
    { path: 'transport.remotePort', label: 'Manager port on the sensor', type: 'number', initial: '5029', when: (v) => ssh(v) && v['transport.mode'] === 'tcp', group: 'Connection' },
    { path: 'transport.hostKeySha256', label: 'Pinned host key', type: 'text', when: ssh, group: 'Connection', help: 'Filled in when you accept the key shown by "Test connection".' },
    { path: 'cipher', label: 'Manager encryption', type: 'select', options: ['none', 'aes-128-cbc', 'aes-256-cbc'], initial: 'none', group: 'Connection' },
    { path: 'pollIntervalSec', label: 'Poll every (s)', type: 'number', initial: '2', group: 'Polling' },
    { path: 'timeoutMs', label: 'Timeout (ms)', type: 'number', initial: '5000', group: 'Polling' },
    { path: 'timeZone', label: 'Sensor time zone', type: 'text', placeholder: 'Europe/Prague (empty: this computer)', group: 'Polling' },
    { ...sipvaultRef, group: 'Links' },
  ],
  ucm: [
    { path: 'baseUrl', label: 'Base URL', type: 'text', placeholder: 'https://ucm.example.net:8089', group: 'Connection' },
    { path: 'user', label: 'API user', type: 'text', placeholder: 'cdrapi', group: 'Connection' },
    { path: 'legacyTls', label: 'Allow legacy TLS (old firmware)', type: 'checkbox', initial: false, group: 'Connection' },
    { path: 'tlsCertSha256', label: 'Pinned certificate', type: 'text', group: 'Connection', help: 'Filled in when you accept the certificate shown by "Test connection".' },
    { path: 'pollIntervalSec', label: 'Poll every (s)', type: 'number', initial: '5', group: 'Connection' },
    { path: 'timeoutMs', label: 'Timeout (ms)', type: 'number', initial: '15000', group: 'Connection' },
    ...dialPolicy.map((f) => (f.group ? f : { ...f, group: 'Calls' })),
    { ...sipvaultRef, group: 'Links' },
  ],
  wildix: [
    { path: 'baseUrl', label: 'Base URL', type: 'text', placeholder: 'https://company.wildixin.com', group: 'Connection' },
    { path: 'auth', label: 'Authentication', type: 'select', options: ['s2s', 'basic'], initial: 's2s', group: 'Connection' },
    { path: 'appId', label: 'App ID', type: 'text', when: (v) => v.auth !== 'basic', group: 'Connection' },
    { path: 'appName', label: 'App name', type: 'text', when: (v) => v.auth !== 'basic', group: 'Connection' },
    { path: 'basicUser', label: 'User', type: 'text', when: (v) => v.auth === 'basic', group: 'Connection' },
    { path: 'tlsCertSha256', label: 'Pinned certificate', type: 'text', group: 'Connection' },
    { path: 'timeoutMs', label: 'Timeout (ms)', type: 'number', initial: '15000', group: 'Connection' },
    ...dialPolicy.map((f) => (f.group ? f : { ...f, group: 'Calls' })),
    { ...sipvaultRef, group: 'Links' },
  ],
  sipvault: [
    { path: 'baseUrl', label: 'Base URL', type: 'text', placeholder: 'https://vault.example.net', group: 'Connection' },
    { path: 'customerId', label: 'Customer ID', type: 'text', group: 'Connection' },
  ],
};

export const COMMON_FIELDS: FieldSpec[] = [
  { path: 'id', label: 'Profile ID', type: 'text', createOnly: true, placeholder: 'hq-sensor', help: 'Letters, digits, "-" and "_"; cannot change later.' },
  { path: 'name', label: 'Name', type: 'text', placeholder: 'HQ sensor' },
];

export function visibleFields(kind: ProfileKind, values: FormValues): FieldSpec[] {
  return [...COMMON_FIELDS, ...FIELDS[kind]].filter((f) => !f.when || f.when(values));
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
export function toForm(kind: ProfileKind, profile: Record<string, unknown> | null): FormValues {
  const values: FormValues = {};
  for (const f of [...COMMON_FIELDS, ...FIELDS[kind]]) {
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
export function fromForm(kind: ProfileKind, values: FormValues, original: Record<string, unknown> | null): Record<string, unknown> {
  const out = structuredClone(original ?? {}) as Record<string, unknown>;
  out.kind = kind;
  const all = [...COMMON_FIELDS, ...FIELDS[kind]];
  const shown = new Set(visibleFields(kind, values));
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
