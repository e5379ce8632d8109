import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { countStatement, pageStatement, whereFor } from '../../../src-main/connectors/voipmonitor/history/query';
import { ipv4Range, ipv6Bytes, ipv6Range, likePattern } from '../../../src-main/connectors/voipmonitor/history/filters';
import { checkColumns, REQUIRED, type ColumnInfo } from '../../../src-main/connectors/voipmonitor/history/schema-check';
import { SensorClock } from '../../../src-main/connectors/voipmonitor/history/clock';
import { cdrQuerySchema, type CdrQuery } from '../../../src-main/domain/cdr';
import { voipmonitorProfileSchema } from '../../../src-main/profiles/schema';
import { CallboardError } from '../../../src-main/core/errors';

const q = (over: Partial<CdrQuery>): CdrQuery => cdrQuerySchema.parse({ profileId: 'vm', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', ...over });

describe('history query builder', () => {
  it('binds every operator value: arbitrary text never reaches the statement text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }).filter((s) => !/[\u0000-\u001f\u007f,]/.test(s)), (s) => {
        // "~" never occurs in the statement text, so finding it there would mean input was spliced in.
        const text = `q~${s}`;
        const w = whereFor(q({ caller: text, callee: `!${text}`, callerName: `${text}%`, callId: text }), '2026-01-01 00:00:00', '2026-01-02 00:00:00');
        const st = pageStatement(w, { calldate: '2026-01-01 10:00:00', id: '42' }, 2000);
        expect(st.sql.includes('~')).toBe(false);
        expect(st.params.filter((v) => String(v).includes('q~')).length).toBe(4);
        expect(st.sql.split('?').length - 1).toBe(st.params.length);
      }),
      { numRuns: 300 },
    );
  });

  it('pages by keyset, never by OFFSET, and always bounds calldate', () => {
    const st = pageStatement(whereFor(q({}), 'a', 'b'), { calldate: '2026-01-01 10:00:00', id: '42' }, 500);
    expect(st.sql).not.toMatch(/OFFSET/i);
    expect(st.sql).toMatch(/c\.calldate >= \? AND c\.calldate <= \?/);
    expect(st.sql).toMatch(/\(c\.calldate > \? OR \(c\.calldate = \? AND c\.ID > \?\)\) ORDER BY c\.calldate, c\.ID LIMIT 500$/);
    expect(st.params.slice(-3)).toEqual(['2026-01-01 10:00:00', '2026-01-01 10:00:00', '42']);
  });

  it('counts with the same conditions and bound values as the pages, stopping at the cap', () => {
    const w = whereFor(q({ caller: "q~' OR 1=1 --", sipCode: '4xx', callId: 'x@y' }), '2026-01-01 00:00:00', '2026-01-02 00:00:00');
    const st = countStatement(w, 10_000);
    const page = pageStatement(w, null, 200);
    expect(st.sql).toBe(`SELECT COUNT(*) FROM (SELECT 1 FROM cdr c LEFT JOIN cdr_next n ON n.cdr_ID = c.ID AND n.calldate = c.calldate WHERE ${w.sql.join(' AND ')} LIMIT 10000) t`);
    expect(page.sql).toContain(`WHERE ${w.sql.join(' AND ')} ORDER BY`);
    expect(st.params).toEqual(page.params);
    expect(st.sql.includes('~')).toBe(false);
    for (const bad of [0, 1.5, 1_000_001]) expect(() => countStatement(w, bad)).toThrow(CallboardError);
  });

  it('reads the GUI conventions: lists, % wildcards, suffix via the reverse column, ! negation', () => {
    const w = whereFor(q({ caller: '100%,%2002,5005,!1002', callee: '!%99' }), 'a', 'b');
    expect(w.sql).toContain('(c.caller LIKE ? OR c.caller_reverse LIKE ? OR c.caller = ?)');
    expect(w.sql).toContain('NOT COALESCE(c.caller = ?, 0)');
    expect(w.sql).toContain('NOT COALESCE(c.called_reverse LIKE ?, 0)');
    expect(w.params).toEqual(['a', 'b', '100%', '2002%', '5005', '1002', '99%']);
    expect(likePattern('a_b\\c%')).toBe('a\\_b\\\\c%');
  });

  it('SIP codes and classes, IPs and CIDR, codecs; refuses what it cannot read in words', () => {
    const w = whereFor(q({ sipCode: '4xx,!486', callerIp: '10.1.2.0/24', codec: 'pcma,18' }), 'a', 'b');
    expect(w.params).toEqual(['a', 'b', 10 * 2 ** 24 + 1 * 2 ** 16 + 2 * 256, 10 * 2 ** 24 + 1 * 2 ** 16 + 2 * 256 + 255, 400, 499, 486, 8, 8, 18, 18]);
    expect(ipv4Range('0.0.0.0/0')).toEqual([0, 2 ** 32 - 1]);
    expect(ipv4Range('255.255.255.255')).toEqual([2 ** 32 - 1, 2 ** 32 - 1]);
    expect(ipv4Range('256.1.1.1')).toBeNull();
    for (const bad of [{ sipCode: '99' }, { callerIp: 'example.com' }, { codec: 'mp3' }, { sensorId: 'x' }, { text: 'hello' }]) {
      expect(() => whereFor(q(bad), 'a', 'b')).toThrow(CallboardError);
    }
  });
});

describe('IPv6 addresses and blocks (ipv6 = yes sensors)', () => {
  it('reads every textual form into 16 bytes and a block into its first and last address', () => {
    expect(ipv6Bytes('2001:db8::1')?.toString('hex')).toBe('20010db8000000000000000000000001');
    expect(ipv6Bytes('::')?.toString('hex')).toBe('0'.repeat(32));
    expect(ipv6Bytes('::ffff:10.0.0.5')?.toString('hex')).toBe('00000000000000000000ffff0a000005');
    expect(ipv6Bytes('1:2:3:4:5:6:7:8')?.toString('hex')).toBe('00010002000300040005000600070008');
    for (const bad of ['fe80::1%eth0', '1:2:3:4:5:6:7:8:9', '10.0.0.1', 'g::1', '']) expect(ipv6Bytes(bad), bad).toBeNull();
    const [lo, hi] = ipv6Range('2001:db8:ab::/44')!;
    expect(lo.toString('hex')).toBe('20010db800a000000000000000000000');
    expect(hi.toString('hex')).toBe('20010db800afffffffffffffffffffff');
    expect(ipv6Range('::/0')!.map((b) => b.toString('hex'))).toEqual(['0'.repeat(32), 'f'.repeat(32)]);
    expect(ipv6Range('2001:db8::1/129')).toBeNull();
  });

  it('binds 4-byte ranges for IPv4 and 16-byte ones for IPv6 on a VARBINARY column, each bounded to its length', () => {
    const w = whereFor(q({ callerIp: '10.0.0.0/24,!2001:db8::/32' }), 'a', 'b', true);
    expect(w.sql).toContain('(LENGTH(c.sipcallerip) = 4 AND c.sipcallerip BETWEEN ? AND ?)');
    expect(w.sql).toContain('NOT COALESCE((LENGTH(c.sipcallerip) = 16 AND c.sipcallerip BETWEEN ? AND ?), 0)');
    expect(w.params.slice(2).map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : v))).toEqual(['0a000000', '0a0000ff', '20010db8' + '0'.repeat(24), '20010db8' + 'f'.repeat(24)]);
    expect(() => whereFor(q({ callerIp: '2001:db8::1' }), 'a', 'b')).toThrow(/stores IPv4 addresses only/);
  });
});

describe('schema check', () => {
  const full = (): ColumnInfo[] => Object.entries(REQUIRED).flatMap(([table, cols]) => cols.map((column) => ({ table, column, dataType: column.startsWith('sip') ? 'int' : 'varchar' })));
  it('passes on the sniffer schema and notices IPv6 mode', () => {
    expect(checkColumns(full(), 'db', 'ro')).toEqual({ ipv6: false });
    expect(checkColumns(full().map((c) => (c.column === 'sipcallerip' ? { ...c, dataType: 'varbinary' } : c)), 'db', 'ro').ipv6).toBe(true);
  });
  it('names a missing column and a missing table', () => {
    expect(() => checkColumns(full().filter((c) => c.column !== 'fbasename'), 'db', 'ro')).toThrow(/no cdr_next\.fbasename column/);
    expect(() => checkColumns(full().filter((c) => c.table !== 'cdr_sip_response'), 'db', 'ro')).toThrow(/no table cdr_sip_response/);
  });
});

describe('sensor clock', () => {
  it('round-trips wall time and instants across a DST change', () => {
    const c = new SensorClock('Europe/Prague');
    expect(c.parse('2026-03-29 01:30:00')?.iso).toBe('2026-03-29T01:30:00+01:00');
    expect(c.parse('2026-03-29 03:30:00')?.iso).toBe('2026-03-29T03:30:00+02:00');
    const ms = Date.parse('2026-07-01T12:00:00Z');
    expect(c.toWall(ms)).toBe('2026-07-01 14:00:00');
    expect(c.parse(c.toWall(ms))?.ms).toBe(ms);
  });

  it('formats instants by arithmetic exactly as the wall time plus the offset, across days and DST changes', () => {
    const c = new SensorClock('Europe/Prague');
    expect(c.isoAt(Date.parse('2026-03-29T00:59:59.900Z'))).toBe('2026-03-29T01:59:59+01:00');
    expect(c.isoAt(Date.parse('2026-03-29T01:00:00Z'))).toBe('2026-03-29T03:00:00+02:00');
    expect(c.isoAt(Date.parse('2026-10-25T00:59:59Z'))).toBe('2026-10-25T02:59:59+02:00');
    expect(c.isoAt(Date.parse('2026-10-25T01:00:00Z'))).toBe('2026-10-25T02:00:00+01:00');
    expect(c.isoAt(Date.parse('2026-12-31T22:59:59Z'))).toBe('2026-12-31T23:59:59+01:00');
    expect(c.isoAt(Date.parse('2026-12-31T23:00:00Z'))).toBe('2027-01-01T00:00:00+01:00');
    // Back and forth over days (the day text is cached), each read back to the same instant.
    for (const t of ['2026-03-28T23:10:07Z', '2026-03-29T05:00:00Z', '2026-03-28T23:10:08Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z']) {
      const iso = c.isoAt(Date.parse(t));
      expect(Date.parse(iso)).toBe(Date.parse(t));
      expect(c.parse(iso.slice(0, 19).replace('T', ' '))?.iso.slice(0, 19)).toBe(iso.slice(0, 19));
    }
  });

  it('reads a wall time without a result object: the instant is left in ms, NaN for no date', () => {
    const c = new SensorClock('Europe/Prague');
    expect(c.iso('2026-07-01 14:00:00.250000')).toBe('2026-07-01T14:00:00.250+02:00');
    expect(c.ms).toBe(Date.parse('2026-07-01T12:00:00.250Z'));
    expect(c.iso('0000-00-00 00:00:00')).toBeNull();
    expect(c.ms).toBeNaN();
    expect(c.iso(null)).toBeNull();
    expect(c.iso('2026-07-01T14:00:00')).toBeNull();
  });
});

describe('profile database block', () => {
  const base = { id: 'vm', name: 'VM', kind: 'voipmonitor' };
  it('defaults to SSH to the GUI host loopback, and needs an SSH transport for it', () => {
    const ssh = { type: 'ssh', host: 'gui.example', user: 'noc' };
    expect(voipmonitorProfileSchema.parse({ ...base, transport: ssh, database: { user: 'ro' } }).database).toMatchObject({ via: 'ssh', host: '127.0.0.1', port: 3306, database: 'voipmonitor', tls: 'required' });
    expect(voipmonitorProfileSchema.safeParse({ ...base, transport: { type: 'tcp', host: 'x' }, database: { user: 'ro' } }).success).toBe(false);
  });
  it('refuses plaintext to anything but loopback', () => {
    const t = { type: 'tcp', host: 'x' };
    expect(voipmonitorProfileSchema.safeParse({ ...base, transport: t, database: { via: 'direct', host: 'db.example', user: 'ro', tls: 'off' } }).success).toBe(false);
    expect(voipmonitorProfileSchema.safeParse({ ...base, transport: t, database: { via: 'direct', host: '127.0.0.1', user: 'ro', tls: 'off' } }).success).toBe(true);
  });
});

describe('address columns', () => {
  it('reads INT UNSIGNED IPv4 and the VARBINARY forms of ipv6 = yes sensors', async () => {
    const { ipText } = await import('../../../src-main/connectors/voipmonitor/history/rows');
    expect(ipText(2130706433)).toBe('127.0.0.1');
    expect(ipText('3232235777')).toBe('192.168.1.1');
    expect(ipText(null)).toBeNull();
    expect(ipText(0)).toBeNull();
    expect(ipText(Buffer.from([10, 0, 0, 5]))).toBe('10.0.0.5');
    expect(ipText(Buffer.from([1, 2, 3]))).toBeNull();
  });

  // RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups (the first of
  // equal runs) as "::", a single zero group kept, IPv4-mapped addresses in dotted form (section 5).
  it.each([
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['20010db8000000010000000000000001', '2001:db8:0:1::1'],
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
    ['20010DB8AAAABBBBCCCCDDDDEEEE0FFF', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:fff'],
    ['fe800000000000000000000000000001', 'fe80::1'],
    ['00000000000000000000000000000001', '::1'],
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000ffff0a000005', '::ffff:10.0.0.5'],
    ['20010db8000000000000000000000000', '2001:db8::'],
  ])('IPv6 bytes %s are shown as %s', async (hex, text) => {
    const { ipText } = await import('../../../src-main/connectors/voipmonitor/history/rows');
    expect(ipText(Buffer.from(hex, 'hex'))).toBe(text);
    expect(ipText(Buffer.from(hex, 'hex'))).toBe(text); // the cached text is the same
  });
});
