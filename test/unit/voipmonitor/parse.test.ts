import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseListcallsBody, normaliseCalls, listcallsArgs } from '../../../src-main/connectors/voipmonitor/listcalls';
import { decodeReply } from '../../../src-main/connectors/voipmonitor/reply';
import { aesMaterialFromBase64, encryptRequest } from '../../../src-main/connectors/voipmonitor/cipher';
import { buildCommandLine } from '../../../src-main/connectors/voipmonitor/commands';
import { parseRegistrations } from '../../../src-main/connectors/voipmonitor/registrations';
import { parsePcapstat, parseSnifferStat } from '../../../src-main/connectors/voipmonitor/health';
import { parseCallDetail } from '../../../src-main/connectors/voipmonitor/call-detail';
import { ip, mos, IsoFormatter, codecName } from '../../../src-main/connectors/voipmonitor/values';
import { diffCalls, emptyDiffState } from '../../../src-main/services/live/diff';
import { CallboardError } from '../../../src-main/core/errors';
import { LISTCALLS_COLUMNS } from '../../sims/voipmonitor/columns';

// A listcalls reply captured from the real sniffer (one call), as docs/VOIPMONITOR.md (Wire protocol) describes it.
const REAL = `[${JSON.stringify(LISTCALLS_COLUMNS)},[{"total":2,"is_receiver":0,"is_server":0,"id_sensor":-1,"sensors":{"-1":2}}],["0x7fa3500223c0","call-two-5636488","2026-11-22 16:12:42",1795363962,1795363971,9,9,"+420601111222","3003",null,null,true,true,"Alice +420601111222","127.0.0.2","127.0.0.3","loopback-test-ua","loopback-test-ua",2130706434,2130706435,null,null,0,0,255,255,null,200,2130706434,2130706435,null,null,0,0,45,45,45,45,45,45,40,39,39,39,38,38,39,39,39,37,37,37,0.390178,0.386663,0.647086,0.396404,0.394626,0.648086,429,420,0,9,0.000000,2.097902,0.000000,0.000000,-1,65534]]`;

describe('listcalls parsing and normalisation', () => {
  it('maps the real sniffer example into a LiveCall', () => {
    const p = parseListcallsBody('hq', REAL);
    expect(p.summary).toEqual({ total: 2, idSensor: -1 });
    const [c] = normaliseCalls(p, { sensor: 'hq', timeZone: 'UTC' });
    expect(c).toMatchObject({
      key: 'hq:0x7fa3500223c0', callId: 'call-two-5636488', caller: '+420601111222', called: '3003', callerName: 'Alice +420601111222',
      start: '2026-11-22T16:12:42+00:00', durationSec: 9, state: 'connected', lastSipResponse: 200, codec: 'PCMU',
      mosCaller: 4.0, mosCalled: 3.7, lossCaller: 0, lossCalled: 2.097902, callerIp: '127.0.0.2', calledIp: '127.0.0.3', rtpCallerIp: '127.0.0.2', channel: '0x7fa3500223c0',
    });
    expect(c!.jitterCaller).toBeCloseTo(0.390178);
  });

  it('uses the sensor time zone for ISO start times', () => {
    const [c] = normaliseCalls(parseListcallsBody('hq', REAL), { sensor: 'hq', timeZone: 'America/New_York' });
    expect(c!.start).toBe('2026-11-22T11:12:42-05:00');
    expect(new IsoFormatter('Europe/Prague').fromLocal('2026-07-01 12:00:00')).toBe('2026-07-01T12:00:00+02:00');
  });

  it('tolerates reordered and extra columns (custom headers, null padding)', () => {
    const header = ['caller', 'callreference', 'called', 'weird_new_col'];
    const body = JSON.stringify([[...header, ...LISTCALLS_COLUMNS.slice(3, 68), 'X-Custom'], ['1001', '0x1', '2002', 5, null, null, null, null, null]]);
    const [c] = normaliseCalls(parseListcallsBody('s', body), { sensor: 's' });
    expect(c).toMatchObject({ key: 's:0x1', caller: '1001', called: '2002', mosCaller: null, start: null });
  });

  it('handles the limit:0 object, the header-only reply, and rejects non-listcalls data', () => {
    expect(parseListcallsBody('s', '{"total":7,"is_receiver":0,"is_server":0,"id_sensor":-1}').summary?.total).toBe(7);
    expect([...parseListcallsBody('s', `[${JSON.stringify(LISTCALLS_COLUMNS)}]`).batches].flat()).toEqual([]);
    expect(() => parseListcallsBody('s', '[["a","b"]]')).toThrow(/without the callreference/);
    expect(() => parseListcallsBody('s', '[1,2')).toThrow(/not valid JSON/);
    expect(() => parseListcallsBody('s', '"x"')).toThrow(/without a header/);
  });

  it('MOS 45 before RTP and 0 averages are "no measurement"', () => {
    expect(mos(45)).toBe(4.5);
    expect(mos(0)).toBeNull();
    expect(mos(99)).toBeNull();
    expect(ip(2130706434)).toBe('127.0.0.2');
    expect(ip(0)).toBeNull();
    expect(ip('2001:db8::1')).toBe('2001:db8::1');
    expect(ip('<script>')).toBeNull();
    expect(codecName(-1)).toBeNull();
    expect(codecName(18)).toBe('G729');
  });

  it('encodes filters as JSON and rejects what could escape the line', () => {
    expect(buildCommandLine('listcalls', { json: listcallsArgs({ filter: { caller: '%706123%', connectedOnly: true }, limit: 30 }) })).toBe(
      'listcalls {"limit":30,"filter":[{"caller":"%706123%","connected":"1"}]}',
    );
    expect(() => listcallsArgs({ filter: { caller: '1" ,"x":"' } })).toThrow(CallboardError);
    expect(() => buildCommandLine('listcalls', { json: { a: 'x\ny' } })).toThrow(/line break/);
    expect(() => buildCommandLine('manager_file', { tokens: ['start', '/tmp/a;reboot'] })).toThrow(/not allowed/);
    expect(() => buildCommandLine('restart' as never)).toThrow(/does not send/);
  });
});

describe('registrations, health and call detail parsing', () => {
  it('parses the real listregisters example (summary with a space)', () => {
    const body = `[["ID","id_sensor","fname","calldate","sipcallerip","sipcalledip","sipcallerip_encaps","sipcalledip_encaps","sipcallerip_encaps_prot","sipcalledip_encaps_prot","sipcallerport","sipcalledport","from_num","from_name","from_domain","to_num","to_domain","contact_num","contact_domain","digestusername","digestrealm","expires","expires_at","state","ua","rrd_avg","spool_index","is_sipalg_detected","vlan","sipcallerip_country_code","sipcalledip_country_code","from_num_country_code","to_num_country_code"], [{"total": 1}],
 [1,-1,0,"2026-11-22 16:12:41",2130706434,2130706435,null,null,null,null,5070,5062,"1001",null,"127.0.0.3","1001","127.0.0.3","1001","127.0.0.2",null,null,3600,"2026-11-22 17:12:41",1,"loopback-phone",50.364000,0,false,null,null,null,null,null]]`;
    const [r] = parseRegistrations('hq', Buffer.from(body));
    expect(r).toMatchObject({ user: '1001', state: 'OK', clientIp: '127.0.0.2', clientPort: 5070, serverPort: 5062, expiresSec: 3600, userAgent: 'loopback-phone', responseMs: 50.364, sipAlg: false });
  });

  it('parses pcapstat and sniffer_stat', () => {
    expect(parsePcapstat(Buffer.from('lo : pdropsCount [0] pcapdrop [5] ifdrop [2]'))).toEqual([{ name: 'lo', pdrops: 0, pcapdrop: 5, ifdrop: 2 }]);
    const s = parseSnifferStat('hq', Buffer.from('{"version":"2026.04.0","pbStatString":"calls[12,r:0][12,r:0] [25.6Mb/s]","pbCountPacketDrop":"3","uptime":"100","memory_is_full":"0"}\n'));
    expect(s).toMatchObject({ version: '2026.04.0', activeCalls: 12, traffic: '25.6Mb/s', bufferDrops: 3, uptimeSec: 100, memoryFull: false });
  });

  it('call not found -> not_found', () => {
    expect(() => parseCallDetail('hq', 'hq:0x1', Buffer.from('call not found'))).toThrow(/no longer has that call/);
  });
});

describe('diff', () => {
  it('reports added, changed (not duration) and removed by key', () => {
    const base = normaliseCalls(parseListcallsBody('hq', REAL), { sensor: 'hq' })[0]!;
    const st = emptyDiffState();
    expect(diffCalls(st, [base]).added.length).toBe(1);
    expect(diffCalls(st, [{ ...base, durationSec: 99 }])).toEqual({ added: [], changed: [], removed: [] });
    expect(diffCalls(st, [{ ...base, mosCaller: 3.1 }]).changed.length).toBe(1);
    expect(diffCalls(st, []).removed).toEqual([base.key]);
  });
});

describe('fuzz: garbage never crashes the decoder or parsers', () => {
  const m = aesMaterialFromBase64('aes-128-cbc', 'MDEyMzQ1Njc4OWFiY2RlZg==', 'ZmVkY2JhOTg3NjU0MzIxMA==', 'f');
  const ctx = { sensor: 'f', command: 'listcalls', aes: m, emptyOk: false, maxBodyBytes: 1 << 20 };
  const onlyCallboardErrors = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof CallboardError)) throw e;
    }
  };

  it('decodeReply on random bytes, with and without the aes: prefix, and gzip magic', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('', 'aes:', '\x1f\x8b'), (bytes, prefix) => {
        onlyCallboardErrors(() => decodeReply(ctx, Buffer.concat([Buffer.from(prefix, 'latin1'), Buffer.from(bytes)])));
        onlyCallboardErrors(() => decodeReply({ ...ctx, aes: null }, Buffer.concat([Buffer.from(prefix, 'latin1'), Buffer.from(bytes)])));
      }),
      { numRuns: 400 },
    );
  });

  it('encrypted garbage that decrypts is still rejected or parsed, never thrown raw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const wire = Buffer.concat([Buffer.from('aes:'), encryptRequest(m, s || ' ').subarray(12, -4)]);
        onlyCallboardErrors(() => parseListcallsBody('f', decodeReply(ctx, wire)));
      }),
      { numRuns: 300 },
    );
  });

  it('listcalls/registrations/call-detail parsers on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const text = JSON.stringify(v);
        onlyCallboardErrors(() => normaliseCalls(parseListcallsBody('f', text), { sensor: 'f' }));
        onlyCallboardErrors(() => parseRegistrations('f', Buffer.from(text)));
        onlyCallboardErrors(() => parseCallDetail('f', 'f:0x1', Buffer.from(text)));
        onlyCallboardErrors(() => parseSnifferStat('f', Buffer.from(text)));
      }),
      { numRuns: 400 },
    );
  });

  it('rows of random values under the real header normalise to valid calls', () => {
    const cell = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 75 }), { maxLength: 20 }), (rows) => {
        const calls = normaliseCalls({ header: [...LISTCALLS_COLUMNS], summary: null, batches: [rows] }, { sensor: 'f' });
        for (const c of calls) {
          if (c.mosCaller !== null) expect(c.mosCaller >= 1 && c.mosCaller <= 4.5).toBe(true);
          expect(typeof c.caller).toBe('string');
        }
      }),
      { numRuns: 200 },
    );
  });
});
