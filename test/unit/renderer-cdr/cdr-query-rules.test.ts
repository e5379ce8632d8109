/**
 * The CDR form and main use one set of query rules (src-shared/cdr-query-schema.ts): every refusal the
 * form shows is the one main's schema gives for the same value, and what main refuses by field lands
 * on the form's field.
 */
import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultForm, formErrorsOf, formToQuery, type CdrForm, type CdrFormErrors, type SensorForm } from '../../../src-renderer/src/lib/cdr-query';
import type { CdrQuery } from '../../../src-shared/cdr-query-schema';
import { contract } from '../../../src-main/ipc/contract';
import { createRouter, type Handlers } from '../../../src-main/ipc/router';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createAppContext } from '../../../src-main/services/create-context';
import { isAppUrl } from '../../../src-main/app/policy';
import { MemorySecretStore } from '../../helpers/memory-secrets';

const ZONE = 'UTC';
const base = (): CdrForm => ({ ...defaultForm(new Date('2026-06-01T12:00:00Z'), 'pbx', ZONE), from: '2026-06-01T08:00', to: '2026-06-01T18:00' });
const sensorCaps = { freeText: true, sensor: true };
/** The query the base form sends: the one main accepts, before one field is changed. */
const good = (): CdrQuery => {
  const r = formToQuery(base(), ZONE, sensorCaps);
  if (!r.query) throw new Error('the base form must be valid');
  return r.query;
};

type Case = [what: string, form: Partial<Omit<CdrForm, 'sensor'>> & { sensor?: Partial<SensorForm> }, field: keyof CdrFormErrors, query: Partial<Record<keyof CdrQuery, unknown>>];
const long = (n: number) => 'x'.repeat(n);
const CASES: Case[] = [
  ['no PBX chosen', { profileId: '' }, 'profileId', { profileId: '' }],
  ['caller too long', { caller: long(201) }, 'caller', { caller: long(201) }],
  ['callee with a control character', { callee: '10\u00071' }, 'callee', { callee: '10\u00071' }],
  ['caller name too long', { callerName: long(101) }, 'callerName', { callerName: long(101) }],
  ['free text too long', { text: long(201) }, 'text', { text: long(201) }],
  ['minimum over a week', { minDuration: '604801' }, 'minDuration', { minDurationSec: 604801 }],
  ['maximum not whole seconds', { maxDuration: '1.5' }, 'maxDuration', { maxDurationSec: '1.5' }],
  ['limit zero', { limit: '0' }, 'limit', { limit: 0 }],
  ['limit over the cap', { limit: '1000001' }, 'limit', { limit: 1_000_001 }],
  ['limit not a number', { limit: 'lots' }, 'limit', { limit: 'lots' }],
  ['MOS below 1', { sensor: { mosBelow: '0.5' } }, 'sensor.mosBelow', { mosBelow: 0.5 }],
  ['MOS not a number', { sensor: { mosBelow: 'low' } }, 'sensor.mosBelow', { mosBelow: 'low' }],
  ['loss over 100 %', { sensor: { lossAbove: '101' } }, 'sensor.lossAbove', { lossAbove: 101 }],
  ['Call-ID too long', { sensor: { callId: long(1025) } }, 'sensor.callId', { callId: long(1025) }],
  ['codec with a control character', { sensor: { codec: 'PC\u0000MA' } }, 'sensor.codec', { codec: 'PC\u0000MA' }],
  ['talk time over a week', { sensor: { minConnect: '700000' } }, 'sensor.minConnect', { minConnectSec: 700000 }],
];

describe('CDR form and main: one set of query rules', () => {
  it.each(CASES)('%s: the form refuses it at the field, in the words of main\'s schema', (_what, edit, field, query) => {
    const f = base();
    const r = formToQuery({ ...f, ...edit, sensor: { ...f.sensor, ...edit.sensor } }, ZONE, sensorCaps);
    const main = contract['cdr:search'].request.safeParse({ ...good(), ...query });
    expect(main.success).toBe(false);
    expect(r.query).toBeNull();
    expect(r.errors?.[field]).toBe(main.error?.issues[0]?.message);
  });

  it('what the form sends, main\'s contract takes as it is (no unknown key, nothing changed)', () => {
    const f = base();
    const r = formToQuery({ ...f, caller: '1001-1010', callerName: 'Anna', minDuration: '5', maxDuration: '60', disposition: 'BUSY', text: 'support', limit: '500', sensor: { ...f.sensor, sipCode: '4xx,!486', mosBelow: '3.5', lossAbove: '2', codec: 'PCMA', minConnect: '3' } }, ZONE, sensorCaps);
    expect(r.errors).toBeNull();
    const main = contract['cdr:search'].request.safeParse(r.query);
    expect(main.success).toBe(true);
    expect(main.data).toEqual(r.query);
  });

  it('main\'s refusals by query field land on the form\'s fields', () => {
    expect(formErrorsOf({ minDurationSec: 'a', mosBelow: 'b', minConnectSec: 'c', callerName: 'd', '(top level)': 'e', maxConnectSec: 'f' })).toEqual({ minDuration: 'a', 'sensor.mosBelow': 'b', 'sensor.minConnect': 'c', callerName: 'd' });
  });

  it('main refuses a range that ends before it starts with the field error the form shows, through the real router', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cb-cdr-rules-'));
    try {
      const ctx = createAppContext({ configDir: dir, appVersion: 't', secrets: new MemorySecretStore(), platform: { openFile: async () => null, saveFile: async () => null, writeClipboard: async () => {}, openExternal: async () => {}, confirm: async () => false } });
      const router = createRouter({ handlers: createHandlers(ctx) as Handlers, isTrustedUrl: isAppUrl, emit: () => undefined });
      const sender = { url: 'app://callboard/index.html', isMainFrame: true, id: 1 };
      const backwards = { ...good(), from: '2026-06-01T18:00:00Z', to: '2026-06-01T08:00:00Z' };
      const reply = await router.handle('cdr:search', sender, backwards);
      expect(reply.ok).toBe(false);
      const fields = reply.ok ? {} : (reply.error.fields ?? {});
      const form = formToQuery({ ...base(), from: '2026-06-01T18:00', to: '2026-06-01T08:00' }, ZONE, sensorCaps);
      expect(formErrorsOf(fields)).toEqual({ to: form.errors?.to });
      expect(form.errors?.to).toMatch(/after/);
      // A field main's schema refuses arrives by field too, and lands on the form's field.
      const tooLong = await router.handle('cdr:search', sender, { ...good(), callerName: long(101) });
      expect(formErrorsOf(tooLong.ok ? {} : (tooLong.error.fields ?? {}))).toEqual({ callerName: expect.stringMatching(/at most 100/i) });
      // In the very words the form uses for it (the shared schema's message, not main's generic one).
      const formTooLong = formToQuery({ ...base(), callerName: long(101) }, ZONE, sensorCaps);
      expect(formErrorsOf(tooLong.ok ? {} : (tooLong.error.fields ?? {}))).toEqual({ callerName: formTooLong.errors?.callerName });
      expect(tooLong.ok ? '' : tooLong.error.message).not.toMatch(/\.\.$/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
