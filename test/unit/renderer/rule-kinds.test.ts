import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alertRuleSchema, RULE_KINDS } from '../../../src-main/domain/alerts';
import { formToRule, KINDS, newRuleForm, RULE_KIND_INFO, ruleIdFor, ruleSummary, ruleToForm } from '../../../src-renderer/src/lib/rule-kinds';

describe('alert rules form (lib/rule-kinds)', () => {
  it('knows every kind main knows, in the same order', () => {
    expect(KINDS).toEqual([...RULE_KINDS]);
  });

  it("a new rule of every kind, as the form builds it, passes main's strict schema", () => {
    for (const kind of KINDS) {
      const v = { ...newRuleForm(kind), id: ruleIdFor(RULE_KIND_INFO[kind].label, new Set()) };
      const parsed = alertRuleSchema.safeParse(formToRule(v));
      expect(parsed.success, `${kind}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
    }
  });

  it('leaves out what does not apply to the kind, so a kind switch carries nothing stale', () => {
    const v = { ...newRuleForm('sip-code-rate'), id: 'r', codes: '503, 5xx 486' };
    expect(formToRule(v)).toMatchObject({ codes: [503, '5xx', 486], windowSec: 900 });
    const switched = formToRule({ ...v, kind: 'mos-below' });
    expect(switched).not.toHaveProperty('codes');
    expect(switched).not.toHaveProperty('windowSec');
    expect(formToRule({ ...newRuleForm('fraud-destination'), id: 'f', countries: 'de at;ch' })).toMatchObject({ countries: ['DE', 'AT', 'CH'] });
  });

  it('passes a mistyped number through as text so main names the field, and empty optional numbers are left out', () => {
    const r = formToRule({ ...newRuleForm('mos-below'), id: 'm', threshold: 'forty', clearThreshold: '' });
    expect(r.threshold).toBe('forty');
    expect(r).not.toHaveProperty('clearThreshold');
    const parsed = alertRuleSchema.safeParse(r);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['threshold']);
  });

  it('form → rule → form is the identity for any valid rule', () => {
    const rule = fc.record({
      kind: fc.constantFrom(...KINDS),
      threshold: fc.double({ min: -1000, max: 1000, noNaN: true }).map((x) => Math.round(x * 100) / 100 + 0), // -0 reads back as 0, the same threshold
      forSec: fc.integer({ min: 0, max: 86_400 }),
      severity: fc.constantFrom('info' as const, 'warning' as const, 'critical' as const),
      enabled: fc.boolean(),
    });
    fc.assert(
      fc.property(rule, (x) => {
        const r = alertRuleSchema.parse({ id: 'r1', name: 'R', codes: x.kind === 'sip-code-rate' ? [503] : [], ...x });
        const back = alertRuleSchema.parse(formToRule(ruleToForm(r)));
        const k = RULE_KIND_INFO[r.kind];
        expect(back.threshold).toBe(r.threshold);
        expect(back.forSec).toBe(r.forSec);
        expect(back.severity).toBe(r.severity);
        expect(back.enabled).toBe(r.enabled);
        if (k.codes) expect(back.codes).toEqual(r.codes);
      }),
      { numRuns: 200 },
    );
  });

  it('ids come from the name and never collide', () => {
    expect(ruleIdFor('Trunk ASR (EU)', new Set())).toBe('trunk-asr-eu');
    expect(ruleIdFor('Trunk ASR', new Set(['trunk-asr', 'trunk-asr-2']))).toBe('trunk-asr-3');
    expect(ruleIdFor('!!!', new Set())).toBe('rule');
    expect(alertRuleSchema.shape.id.safeParse(ruleIdFor('x'.repeat(200), new Set())).success).toBe(true);
  });

  it('summarises a rule in words', () => {
    const r = alertRuleSchema.parse({ id: 'a', name: 'A', kind: 'asr-below', threshold: 35, groupBy: 'trunk', windowSec: 600 });
    expect(ruleSummary(r)).toBe('answer-seizure ratio per trunk over 10 min below 35 %, for 30 s');
  });
});
