import { describe, it, expect } from 'vitest';
import { dialPolicySchema, type DialPolicy } from '../../../src-main/profiles/schema';
import { classifyDestination, compileExtensionPattern, evaluateDialPolicy, type DialClass } from '../../../src-main/policy/dial-policy';

const policy = (over: Partial<DialPolicy> = {}): DialPolicy => dialPolicySchema.parse(over);

// [country, destination, class, normalized, allowed by the default policy]
const TABLE: Array<[string, string, DialClass, string | null, boolean]> = [
  // United States
  ['US', '(212) 555-0123', 'national', '+12125550123', true],
  ['US', '212.555.0123', 'national', '+12125550123', true],
  ['US', '+1 212 555 0123', 'national', '+12125550123', true],
  ['US', '800-555-0123', 'toll-free', '+18005550123', true],
  ['US', '1-900-555-0123', 'premium-rate', '+19005550123', false],
  ['US', '+1 876 555 0123', 'international', '+18765550123', false], // Jamaica: NANP but foreign
  ['US', '011 44 20 7946 0000', 'international', '+442079460000', false],
  ['US', '1234', 'internal', '1234', true],
  // United Kingdom
  ['GB', '020 7946 0000', 'national', '+442079460000', true],
  ['GB', '07400 123456', 'mobile', '+447400123456', true],
  ['GB', '0800 123 4567', 'toll-free', '+448001234567', true],
  ['GB', '0906 123 4567', 'premium-rate', '+449061234567', false],
  ['GB', '070 1234 5678', 'unknown', '+447012345678', false], // personal numbering: known fraud route
  ['GB', '00 420 224 123 456', 'international', '+420224123456', false],
  // Czechia
  ['CZ', '224 123 456', 'national', '+420224123456', true],
  ['CZ', '602 123 456', 'mobile', '+420602123456', true],
  ['CZ', '800 123 456', 'toll-free', '+420800123456', true],
  ['CZ', '900 123 456', 'premium-rate', '+420900123456', false],
  ['CZ', '811 123 456', 'shared-cost', '+420811123456', false],
  ['CZ', '+420 224 123 456', 'national', '+420224123456', true],
  ['CZ', '+49 30 123456', 'international', '+4930123456', false],
  // Germany
  ['DE', '030 123456', 'national', '+4930123456', true],
  ['DE', '0151 12345678', 'mobile', '+4915112345678', true],
  ['DE', '0800 1234567', 'toll-free', '+498001234567', true],
  ['DE', '0900 1234567', 'premium-rate', '+499001234567', false],
  ['DE', '01801 234567', 'shared-cost', '+491801234567', false],
  ['DE', '0043 1 234567', 'international', '+431234567', false],
  ['DE', '+881 6 12345678', 'unknown', '+881612345678', false], // satellite (no country): never by prefix
  ['GB', '+882 16 1234 5678', 'unknown', '+8821612345678', false], // international networks
];

describe('dial policy: classification table (default policy)', () => {
  for (const [country, dest, cls, normalized, allowed] of TABLE) {
    it(`${country} ${JSON.stringify(dest)}`, () => {
      const d = evaluateDialPolicy(policy({ defaultCountry: country }), dest);
      if (normalized === null) {
        expect(d.allowed).toBe(false);
        return;
      }
      expect(d.cls).toBe(cls);
      expect(d.normalized).toBe(normalized);
      expect(d.allowed).toBe(allowed);
      if (!allowed) expect(d.reason).toBeTruthy();
    });
  }
});

const INJECTION = [
  'SIP/trunk/0900123456',
  'Local/100@from-internal',
  '100@default',
  '100&200',
  '100;phone-context=evil',
  '100\n200',
  '100\r',
  '\u0000100',
  '100\t',
  'PJSIP/100',
  '+44 20 7946 0000 ext 1',
  'tel:+442079460000',
  '0900*123',
  '#31#0900123456',
  '1-800-FLOWERS',
  '++442079460000',
  '44+2079460000',
  '١٢٣٤', // Arabic-Indic digits
  '１２３４', // full-width digits
  '',
  '   ',
  '1'.repeat(16),
  '('.repeat(41),
];

describe('dial policy: refused before parsing', () => {
  for (const dest of INJECTION) {
    it(JSON.stringify(dest), () => {
      const d = evaluateDialPolicy(policy({ allowInternational: true, allow: ['+1*', '1*', '+44*'] }), dest);
      expect(d.allowed).toBe(false);
      expect(d.reason).toBeTruthy();
    });
  }
  it('non-strings are refused', () => {
    for (const v of [123, null, undefined, {}, ['100']]) expect(evaluateDialPolicy(policy(), v).allowed).toBe(false);
  });
});

describe('dial policy: allow / deny / class switches', () => {
  it('international is off by default and on when allowed', () => {
    expect(evaluateDialPolicy(policy({ defaultCountry: 'CZ' }), '+49 30 123456').allowed).toBe(false);
    expect(evaluateDialPolicy(policy({ defaultCountry: 'CZ', allowInternational: true }), '+49 30 123456').allowed).toBe(true);
  });
  it('international premium stays premium (refused even with international on)', () => {
    const d = evaluateDialPolicy(policy({ defaultCountry: 'CZ', allowInternational: true }), '+44 906 123 4567');
    expect(d.cls).toBe('premium-rate');
    expect(d.allowed).toBe(false);
  });
  it('deny wins over allow and over class switches', () => {
    const p = policy({ defaultCountry: 'GB', allow: ['+4420*'], deny: ['+442079*'] });
    expect(evaluateDialPolicy(p, '020 7946 0000').allowed).toBe(false);
    expect(evaluateDialPolicy(p, '020 8946 0000').allowed).toBe(true);
    expect(evaluateDialPolicy(policy({ deny: ['12*'] }), '1234').allowed).toBe(false);
  });
  it('premium and shared-cost only when an allow entry names exactly that number (a prefix never opens them)', () => {
    expect(evaluateDialPolicy(policy({ defaultCountry: 'DE', allow: ['+49900*'] }), '0900 1234567').allowed).toBe(false);
    expect(evaluateDialPolicy(policy({ defaultCountry: 'DE', allow: ['+49900'] }), '0900 1234567').allowed).toBe(false);
    expect(evaluateDialPolicy(policy({ defaultCountry: 'DE', allow: ['+4918*'] }), '01801 234567').allowed).toBe(false);
    expect(evaluateDialPolicy(policy({ defaultCountry: 'DE', allow: ['+499001234567'] }), '0900 1234567').allowed).toBe(true);
    expect(evaluateDialPolicy(policy({ defaultCountry: 'DE', allow: ['+491801234567'] }), '01801 234567').allowed).toBe(true);
    expect(evaluateDialPolicy(policy({ defaultCountry: 'DE', allow: ['+491801234567'] }), '0900 1234567').allowed).toBe(false);
    // The renderer's attack: wide allow entries for premium and satellite ranges with international on.
    const wide = policy({ defaultCountry: 'GB', allowInternational: true, allow: ['+44906*', '+1900*', '+88*'] });
    expect(evaluateDialPolicy(wide, '0906 123 4567')).toMatchObject({ allowed: false, cls: 'premium-rate' });
    expect(evaluateDialPolicy(wide, '+1 900 555 0123')).toMatchObject({ allowed: false, cls: 'premium-rate' });
    expect(evaluateDialPolicy(wide, '+881 6 12345678').allowed).toBe(false);
  });
  it('class switches refuse national, mobile and internal', () => {
    expect(evaluateDialPolicy(policy({ defaultCountry: 'CZ', allowMobile: false }), '602 123 456').allowed).toBe(false);
    expect(evaluateDialPolicy(policy({ defaultCountry: 'CZ', allowNational: false }), '224 123 456').allowed).toBe(false);
    expect(evaluateDialPolicy(policy({ allowInternal: false }), '1234').allowed).toBe(false);
  });
  it('a bad prefix entry is a config error, not silently ignored', () => {
    expect(() => evaluateDialPolicy(policy({ deny: ['+44 (20)'] }), '1234')).toThrow(/not a prefix/);
  });
});

describe('extension pattern', () => {
  it('is anchored: a partial match is not an extension', () => {
    const p = policy({ defaultCountry: 'CZ', extensionPattern: '1[0-9]{2}' });
    expect(classifyDestination(p, '123').cls).toBe('internal');
    expect(classifyDestination(p, '1234').cls).not.toBe('internal');
  });
  it('rejects catastrophic and invalid patterns', () => {
    expect(() => compileExtensionPattern('(\\d+)+$')).toThrow(/nested repetition/);
    expect(() => compileExtensionPattern('([0-9]*)*')).toThrow(/nested repetition/);
    expect(() => compileExtensionPattern('(1)\\1')).toThrow(/back-references/);
    expect(() => compileExtensionPattern('[0-9')).toThrow(/not a valid/);
    expect(compileExtensionPattern('^(1|2)[0-9]{2}$').test('123')).toBe(true);
  });
});

describe('emergency numbers', () => {
  const base = (country: string, extra: Partial<DialPolicy> = {}): DialPolicy => dialPolicySchema.parse({ defaultCountry: country, ...extra });
  it.each([
    ['US', '911'],
    ['US', '112'],
    ['GB', '999'],
    ['DE', '110'],
    ['FR', '15'],
    ['CZ', '155'],
    ['AU', '000'],
  ])('%s %s is refused even though it looks like an extension', (country, number) => {
    const d = evaluateDialPolicy(base(country), number);
    expect(d.allowed).toBe(false);
    expect(d.reason).toMatch(/emergency number/);
  });

  it('does not refuse the same digits where they are an ordinary extension', () => {
    expect(evaluateDialPolicy(base('US'), '110').allowed).toBe(true);
    expect(evaluateDialPolicy(base('DE'), '155').allowed).toBe(true);
  });

  it('only an exact allow entry overrides, never a wildcard', () => {
    expect(evaluateDialPolicy(base('US', { allow: ['9*'] }), '911').allowed).toBe(false);
    expect(evaluateDialPolicy(base('US', { allow: ['911'] }), '911').allowed).toBe(true);
  });
});

describe('short codes, service numbers and trunk prefixes come before the extension rule', () => {
  const base = (country: string, extra: Partial<DialPolicy> = {}): DialPolicy => dialPolicySchema.parse({ defaultCountry: country, ...extra });
  // [country, dial string, why it is refused]
  const REFUSED: Array<[string, string, RegExp]> = [
    ['US', '118118', /premium-rate/], // directory enquiries (UK/EU style), also under the default policy
    ['GB', '118118', /premium-rate/],
    ['GB', '118500', /premium-rate/],
    ['DE', '11833', /premium-rate/],
    ['GB', '123', /premium-rate/], // speaking clock
    ['US', '411', /premium-rate/], // directory assistance (N11)
    ['AU', '1223', /premium-rate/],
    ['US', '0112', /emergency number 112/],
    ['US', '00112', /emergency number 112/],
    ['GB', '9999', /emergency number 999/],
    ['US', '9911', /emergency number 911/],
    ['US', '9112', /emergency number 112/],
    ['GB', '0999', /emergency number 999/],
    ['DE', '0110', /emergency number 110/],
    ['US', '90911', /emergency number 911/],
  ];
  it.each(REFUSED)('%s %s is refused, not dialled as an extension', (country, dest, why) => {
    const d = evaluateDialPolicy(base(country), dest);
    expect(d.allowed).toBe(false);
    expect(d.reason).toMatch(why);
    // A wide extension pattern does not change that.
    expect(evaluateDialPolicy(base(country, { extensionPattern: '[0-9]{2,15}' }), dest).allowed).toBe(false);
  });

  it('ordinary extensions still work, including ones that start with a trunk digit', () => {
    for (const [country, dest] of [['US', '1234'], ['GB', '2001'], ['US', '9100'], ['DE', '0155'], ['US', '118'], ['US', '1180']] as const) {
      expect(evaluateDialPolicy(base(country), dest)).toMatchObject({ allowed: true, cls: 'internal' });
    }
  });

  it('an extension pattern never covers more than 6 digits', () => {
    const wide = base('GB', { extensionPattern: '[0-9]{2,15}' });
    expect(evaluateDialPolicy(wide, '123456')).toMatchObject({ allowed: true, cls: 'internal' });
    expect(classifyDestination(wide, '1234567').cls).not.toBe('internal');
    // A national number typed without "+" is classified as one, not taken as an "extension".
    expect(evaluateDialPolicy(wide, '02079460000')).toMatchObject({ cls: 'national', normalized: '+442079460000' });
    expect(evaluateDialPolicy(wide, '00881612345678').allowed).toBe(false);
    expect(evaluateDialPolicy(wide, '0906 123 4567')).toMatchObject({ allowed: false, cls: 'premium-rate' });
  });

  it('only an exact allow entry opens a service short code', () => {
    expect(evaluateDialPolicy(base('GB', { allow: ['118*'] }), '118118').allowed).toBe(false);
    expect(evaluateDialPolicy(base('GB', { allow: ['118118'] }), '118118').allowed).toBe(true);
  });
});

describe('dial string sent to the PBX', () => {
  it('keeps E.164 by default and formats as a local desk phone would dial with "local"', async () => {
    const { toDialString } = await import('../../../src-main/policy/dial-policy');
    const gb = dialPolicySchema.parse({ defaultCountry: 'GB', dialFormat: 'local' });
    const us = dialPolicySchema.parse({ defaultCountry: 'US', dialFormat: 'local' });
    expect(toDialString(dialPolicySchema.parse({ defaultCountry: 'GB' }), '+442079460000', 'national')).toBe('+442079460000');
    expect(toDialString(gb, '+442079460000', 'national')).toBe('02079460000');
    expect(toDialString(us, '+442079460000', 'international')).toBe('011442079460000');
    expect(toDialString(us, '+12125550123', 'national')).toBe('12125550123');
    expect(toDialString(gb, '1001', 'internal')).toBe('1001');
  });
});
