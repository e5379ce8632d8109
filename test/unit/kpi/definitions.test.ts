import { describe, it, expect } from 'vitest';
import { acd, asr, attemptKpis, isa, mosBin, mosHistogram, nearestRank, ner, percentiles, ser, seer, srd, type Attempt } from '../../../src-main/services/kpi/definitions';

function a(p: Partial<Attempt>): Attempt {
  return { atMs: 0, answered: false, talkSec: null, code: null, userCause: null, srdMs: null, mos: null, ...p };
}

// Hand-counted set of 10 attempts:
//  4 answered (200; talk 60, 120, 30 s and one still up)
//  486 busy, 603 decline, 487 cancelled  -> user side (NER), 486/603 are SEER-effective, 487 is not
//  503, 408 -> ISA; 302 -> excluded from SER/SEER denominators
const set: Attempt[] = [
  a({ answered: true, code: 200, talkSec: 60, srdMs: 100, mos: 4.3 }),
  a({ answered: true, code: 200, talkSec: 120, srdMs: 300, mos: 3.2 }),
  a({ answered: true, code: 200, talkSec: 30, mos: 1.2 }),
  a({ answered: true, code: 200, talkSec: null }),
  a({ code: 486 }),
  a({ code: 603 }),
  a({ code: 487 }),
  a({ code: 503, srdMs: 50 }),
  a({ code: 408 }),
  a({ code: 302 }),
];

describe('KPI definitions on hand-counted data', () => {
  it('ASR = answered / attempts (4/10)', () => {
    expect(asr(set, 1)).toEqual({ value: 40, n: 10, enough: true });
  });
  it('NER = (answered + busy + no answer + rejection) / attempts ((4+3)/10)', () => {
    expect(ner(set, 1).value).toBeCloseTo(70, 10);
  });
  it('ACD = talk of answered, ended calls / their number ((60+120+30)/3)', () => {
    expect(acd(set, 1)).toEqual({ value: 70, n: 3, enough: true });
  });
  it('SER = 200 / (INVITEs - 3xx) (4/9)', () => {
    const f = ser(set, 1);
    expect(f.n).toBe(9);
    expect(f.value).toBeCloseTo((4 / 9) * 100, 10);
  });
  it('SEER counts 200, 480, 486, 600, 603 ((4+2)/9)', () => {
    expect(seer(set, 1).value).toBeCloseTo((6 / 9) * 100, 10);
  });
  it('ISA counts 408, 500, 503, 504 over all INVITEs (2/10)', () => {
    expect(isa(set, 1)).toEqual({ value: 20, n: 10, enough: true });
  });
  it('SRD only over attempts that carry it ((100+300+50)/3)', () => {
    expect(srd(set, 1)).toEqual({ value: 150, n: 3, enough: true });
  });
  it('a figure below the minimum sample keeps its value but is not enough', () => {
    expect(asr(set, 11)).toEqual({ value: 40, n: 10, enough: false });
    expect(asr([], 1)).toEqual({ value: null, n: 0, enough: false });
  });
  it('attempts without a SIP code: CDR BUSY / NO ANSWER count for NER, unknown does not; SER has no sample', () => {
    const cdr = [a({ answered: true, talkSec: 10 }), a({ userCause: true }), a({ userCause: false }), a({})];
    expect(asr(cdr, 1).value).toBe(25);
    expect(ner(cdr, 1).value).toBe(50);
    expect(ser(cdr, 1)).toEqual({ value: null, n: 0, enough: false });
  });
  it('MOS histogram bins of 0.5 from 1.0; 4.5 falls in the last bin', () => {
    expect(mosBin(1)).toBe(0);
    expect(mosBin(1.49)).toBe(0);
    expect(mosBin(1.5)).toBe(1);
    expect(mosBin(4.49)).toBe(6);
    expect(mosBin(4.5)).toBe(6);
    expect(mosHistogram([4.3, 3.2, 1.2, 4.5, 3.4])).toEqual([1, 0, 0, 0, 2, 0, 2]);
  });
  it('nearest-rank percentiles', () => {
    const v = [15, 20, 35, 40, 50];
    expect(nearestRank(v, 30)).toBe(20);
    expect(nearestRank(v, 40)).toBe(20);
    expect(nearestRank(v, 50)).toBe(35);
    expect(nearestRank(v, 100)).toBe(50);
    const p = percentiles([50, 15, 40, 20, 35], 5);
    expect(p.p50).toEqual({ value: 35, n: 5, enough: true });
    expect(p.p95.value).toBe(50);
    expect(p.max.value).toBe(50);
  });
  it('attemptKpis: SIP classes and MOS histogram of the set', () => {
    const k = attemptKpis(set, 1);
    expect(k.attempts).toBe(10);
    expect(k.answered).toBe(4);
    expect(k.sipClasses).toEqual({ '1xx': 0, '2xx': 4, '3xx': 1, '4xx': 3, '5xx': 1, '6xx': 1 });
    expect(k.mosHistogram.reduce((x, y) => x + y, 0)).toBe(3);
  });
});
