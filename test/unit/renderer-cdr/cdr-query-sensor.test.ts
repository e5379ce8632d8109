import { describe, it, expect } from 'vitest';
import { defaultForm, formToQuery, queryToForm } from '../../../src-renderer/src/lib/cdr-query';
import { cdrQuerySchema } from '../../../src-main/domain/cdr';

const now = new Date('2026-06-01T12:00:00Z');
const base = () => ({ ...defaultForm(now, 'vm', 'UTC') });

describe('CDR form: sensor-database filters', () => {
  it('sends the GUI conventions and the sensor filters only for a sensor profile', () => {
    const f = { ...base(), caller: "100%,!1002,o'brien", sensor: { ...base().sensor, sipCode: '4xx,!486', mosBelow: '3.5', lossAbove: '2', codec: 'PCMA', callerIp: '10.0.0.0/24', callId: 'abc@h', minConnect: '10', sensorId: '1' } };
    const s = formToQuery(f, 'UTC', { freeText: false, sensor: true });
    expect(s.errors).toBeNull();
    expect(s.query).toMatchObject({ caller: "100%,!1002,o'brien", sipCode: '4xx,!486', mosBelow: 3.5, lossAbove: 2, codec: 'PCMA', callerIp: '10.0.0.0/24', callId: 'abc@h', minConnectSec: 10, sensorId: '1' });
    expect(cdrQuerySchema.safeParse(s.query).success).toBe(true);
    const pbx = formToQuery(f, 'UTC', { freeText: false });
    expect(pbx.errors?.caller).toMatch(/Digits, letters/);
    const pbxOk = formToQuery({ ...f, caller: '1001' }, 'UTC', { freeText: false });
    expect(pbxOk.query && 'sipCode' in pbxOk.query).toBe(false);
  });

  it('puts errors next to the sensor fields', () => {
    const f = { ...base(), sensor: { ...base().sensor, sipCode: '99', mosBelow: 'low', lossAbove: '200' } };
    const r = formToQuery(f, 'UTC', { freeText: false, sensor: true });
    expect(r.errors).toMatchObject({ 'sensor.sipCode': expect.any(String), 'sensor.mosBelow': expect.any(String), 'sensor.lossAbove': expect.any(String) });
  });

  it('a saved sensor search comes back into the form', () => {
    const q = cdrQuerySchema.parse({ profileId: 'vm', from: '2026-06-01T00:00:00Z', to: '2026-06-01T10:00:00Z', sipCode: '486', mosBelow: 3.1, callId: 'x@y' });
    const f = queryToForm(q, 'UTC');
    expect(f.sensor).toMatchObject({ sipCode: '486', mosBelow: '3.1', callId: 'x@y' });
    expect(formToQuery(f, 'UTC', { freeText: false, sensor: true }).query).toMatchObject({ sipCode: '486', mosBelow: 3.1, callId: 'x@y' });
  });
});
