/**
 * The Kamailio reply parsers and the JSON-RPC reply reader on hostile input: wrong shapes, wrong types,
 * oversized lists, echoed credentials, HTML error pages. The well-formed shapes are the ones Kamailio
 * 5.6 sent in test/integration/kamailio/ (copied field for field).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CallboardError } from '../../../src-main/core/errors';
import { kamailioProfileSchema } from '../../../src-main/profiles/schema';
import { liveCallSchema } from '../../../src-main/domain/live-call';
import { registrationSchema } from '../../../src-main/domain/voipmonitor';
import { DialogMapper, dialogSchema, dialogToLiveCall, hostPort, readDialog, parseDialogHandle, parseDialogList, parseStatistics, parseUptime, parseUsrlocDump, parseVersion, uriUser } from '../../../src-main/connectors/kamailio/replies';
import { interpretReply } from '../../../src-main/connectors/kamailio/rpc';

const W = 'Kamailio profile edge (proxy:5061)';
const profile = kamailioProfileSchema.parse({ id: 'edge', name: 'Edge', kind: 'kamailio', rpcUrl: 'https://proxy.example:5061/RPC', user: 'noc' });

/** A dlg.list row exactly as Kamailio 5.6.3 wrote it for an answered call. */
const dialog = {
  h_entry: 2568, h_id: 11190, ref: 2, 'call-id': '1-5015@127.0.0.1', from_uri: 'sip:sipp@127.0.0.1:36002', to_uri: 'sip:bob@127.0.0.1:35060',
  state: 4, start_ts: 1796131104, init_ts: 1796131103, end_ts: 0, duration: 2, timeout: 1796174304, lifetime: 43200, dflags: 513, sflags: 0, iflags: 0,
  caller: { tag: '5015SIPpTag001', contact: 'sip:sipp@127.0.0.1:36002', cseq: '1', route_set: '', socket: 'udp:127.0.0.1:35060' },
  callee: { tag: '4974SIPpTag011', contact: 'sip:127.0.0.1:36000;transport=UDP', cseq: '0', route_set: '', socket: 'udp:127.0.0.1:35060' },
  profiles: [], variables: [],
};

/** An ul.dump reply as Kamailio 5.6.3 wrote it. */
function dump(contacts: unknown[], aor = 'bob'): unknown {
  return { Domains: [{ Domain: { Domain: 'location', Size: 1024, AoRs: [{ Info: { AoR: aor, HashID: 7222211, Contacts: contacts } }], Stats: { Records: 1, 'Max-Slots': 1 } } }] };
}
const contact = {
  Address: 'sip:bob@127.0.0.1:36000', Expires: 296, Q: -1, 'Call-ID': 'reg1@x', CSeq: 1, 'User-Agent': 'TestUA/1', Received: '[not set]', Path: '[not set]', State: 'CS_NEW', Flags: 0, CFlags: 0,
  Socket: 'udp:127.0.0.1:35060', Methods: 4294967295, Ruid: 'uloc-6b0ec91e-134e-1', Instance: '[not set]', 'Reg-Id': 0, 'Last-Modified': 1796131103,
};

const reply = (status: number, body: unknown) => ({ status, body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)) });
function errorOf(f: () => unknown): CallboardError {
  try {
    f();
  } catch (e) {
    if (e instanceof CallboardError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('dlg.list', () => {
  it('maps a real row: parties, Call-ID, state words, start from init_ts, hang-up handle', () => {
    const { rows, skipped } = parseDialogList([dialog], 100, W);
    expect(skipped).toBe(0);
    const c = liveCallSchema.parse(dialogToLiveCall('edge', rows[0]!, 1796131110_000));
    expect([c.key, c.channel, c.callId, c.caller, c.called, c.state, c.start, c.durationSec]).toEqual([
      'edge:2568:11190', '2568:11190', '1-5015@127.0.0.1', 'sipp', 'bob', 'answered', '2026-12-01T13:18:23.000Z', 7,
    ]);
    expect([c.callerIp, c.calledIp, c.mosCaller, c.extra['talkSec'], c.extra['answeredAt']]).toEqual(['127.0.0.1', '127.0.0.1', null, 2, '2026-12-01T13:18:24.000Z']);
    expect(dialogToLiveCall('edge', { ...rows[0]!, state: 2 }, 0).state).toBe('ringing');
    expect(dialogToLiveCall('edge', { ...rows[0]!, state: 2 }, 0).extra['answeredAt']).toBeNull();
  });

  it('an empty object (idle proxy) is no dialogs; a non-list is an error in words', () => {
    expect(parseDialogList({}, 10, W).rows).toEqual([]);
    expect(parseDialogList([], 10, W).rows).toEqual([]);
    for (const bad of ['dialogs', 42, { a: 1 }, true]) expect(errorOf(() => parseDialogList(bad, 10, W)).message).toMatch(/not a list of dialogs/);
  });

  it('refuses more dialogs than the profile expects, saying which setting to raise', () => {
    const e = errorOf(() => parseDialogList(Array.from({ length: 11 }, () => dialog), 10, W));
    expect(e.message).toMatch(/reports 11 dialogs, more than the 10 .*"Most dialogs expected"/);
  });

  it('skips (and counts) rows without a handle; keeps rows whose other fields are junk, with those fields emptied', () => {
    const junk = { ...dialog, 'call-id': 7, from_uri: { x: 1 }, state: 99, start_ts: -5, init_ts: 'soon', duration: 'long', caller: 'me', callee: null };
    const { rows, skipped } = parseDialogList([dialog, { ...dialog, h_entry: 'x' }, { h_id: 1 }, null, 'row', junk], 100, W);
    expect(skipped).toBe(4);
    expect(rows).toHaveLength(2);
    const c = liveCallSchema.parse(dialogToLiveCall('edge', rows[1]!, 0));
    expect([c.callId, c.caller, c.state, c.start, c.durationSec, c.callerIp]).toEqual([null, '', null, null, null, null]);
  });

  it('any JSON never throws anything but a CallboardError, and every row it keeps is a valid LiveCall', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.oneof(fc.anything(), fc.record({ h_entry: fc.integer(), h_id: fc.integer(), from_uri: fc.string(), state: fc.integer() }))), fc.anything()), (v) => {
        try {
          const { rows } = parseDialogList(v, 1000, W);
          for (const r of rows) liveCallSchema.parse(dialogToLiveCall('edge', r, 0));
        } catch (e) {
          if (!(e instanceof CallboardError)) throw e;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the fast row reader agrees with the zod schema it follows, on any input', () => {
    // Strings around each bound (1024, 256, 32), so an off-by-some bound is found.
    const near = (n: number) => fc.oneof(fc.string(), fc.string({ minLength: n - 3, maxLength: n + 3 }), fc.integer());
    const legArb = fc.oneof(
      { arbitrary: fc.record({ tag: near(256), contact: fc.oneof(near(1024), fc.constant('sip:a@127.0.0.1:5060')), socket: fc.oneof(near(256), fc.anything()), cseq: near(32) }, { requiredKeys: [] }), weight: 5 },
      { arbitrary: fc.anything(), weight: 1 },
    );
    const num = fc.oneof(fc.integer({ min: -10, max: 10 }), fc.integer(), fc.double(), fc.constant(4294967295), fc.constant(4294967296), fc.constant(9_999_999_999), fc.constant(10_000_000_000));
    const rowArb = fc.record(
      { h_entry: num, h_id: num, 'call-id': fc.oneof(near(1024), fc.anything()), from_uri: near(1024), to_uri: fc.oneof(near(1024), fc.anything()), state: num, start_ts: num, init_ts: num, end_ts: fc.anything(), duration: fc.oneof(num, fc.constant(null)), timeout: num, caller: legArb, callee: legArb, extra: fc.anything() },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof({ arbitrary: rowArb, weight: 5 }, { arbitrary: fc.anything(), weight: 1 }), (v) => {
        const z = dialogSchema.safeParse(v);
        const fast = readDialog(v);
        expect(fast === null).toBe(!z.success);
        if (z.success) expect(fast).toEqual(z.data);
      }),
      { numRuns: 2000 },
    );
  });

  it('one mapper per poll (its caches shared by the rows) gives the same rows as a fresh mapper per row', () => {
    // Repeating and differing URIs, contacts and times, so a cache that returned another row's value would show.
    const rows = parseDialogList(Array.from({ length: 50 }, (_, i) => ({
      ...dialog, h_id: i, state: 1 + (i % 4), init_ts: dialog.init_ts + (i % 3), start_ts: i % 5 ? dialog.start_ts + (i % 7) : 0,
      from_uri: `sip:${1000 + (i % 6)}@10.0.0.${i % 4}:5060`, to_uri: `sip:${2000 + (i % 9)}@127.0.0.1`,
      caller: { ...dialog.caller, contact: `sip:${1000 + (i % 6)}@10.0.${i % 3}.9:${5060 + (i % 2)}` },
      callee: { ...dialog.callee, contact: `sip:127.0.0.${1 + (i % 5)}:36000;transport=UDP` },
    })), 100, W).rows;
    expect(rows).toHaveLength(50);
    const m = new DialogMapper('edge', 1796131110_000);
    const shared = rows.map((r) => m.row(r));
    expect(shared).toEqual(rows.map((r) => dialogToLiveCall('edge', r, 1796131110_000)));
    // The rows differ where their inputs do (the comparison is not between identical rows).
    expect(new Set(shared.map((c) => `${c.caller}|${c.called}|${c.callerIp}|${c.start}`)).size).toBeGreaterThan(10);
  });

  it('overlong strings are cut before they reach the table', () => {
    const { rows, skipped } = parseDialogList([{ ...dialog, from_uri: `sip:${'a'.repeat(5000)}@x` }], 10, W);
    // A field over its bound is emptied, not passed on.
    expect(skipped).toBe(0);
    expect(dialogToLiveCall('edge', rows[0]!, 0).caller).toBe('');
  });
});

describe('SIP URIs and sockets', () => {
  it.each([
    ['sip:alice@example.com:5060;transport=udp', 'alice'],
    ['<sips:+420123456789@pbx.example>', '+420123456789'],
    ['tel:+15551234', '+15551234'],
    ['sip:example.com', 'example.com'],
    ['sip:%61lice@x', 'alice'],
    ['sip:%E0%A4%A@x', '%E0%A4%A'],
    ['not a uri', 'not a uri'],
  ])('%s → %s', (uri, user) => expect(uriUser(uri)).toBe(user));

  it('host and port of contacts, IPv6 included; nonsense ports are dropped', () => {
    expect(hostPort('sip:bob@127.0.0.1:36000;transport=UDP')).toEqual({ host: '127.0.0.1', port: 36000 });
    expect(hostPort('sip:[2001:db8::1]:5070')).toEqual({ host: '2001:db8::1', port: 5070 });
    expect(hostPort('sip:bob@host:99999')).toEqual({ host: 'host', port: null });
    expect(hostPort('')).toBeNull();
  });

  it('hang-up handles: digits "h_entry:h_id" only, within 32 bits', () => {
    expect(parseDialogHandle('2568:11190')).toEqual({ hEntry: 2568, hId: 11190 });
    for (const bad of ['2568', '1:2:3', '1:2; rm -rf', '-1:2', '4294967296:1', '', ' 1:2']) expect(parseDialogHandle(bad)).toBeNull();
  });
});

describe('ul.dump', () => {
  it('maps a real contact: user, contact, client from the contact (Received not set), server socket, expiry from now', () => {
    const { rows, skipped } = parseUsrlocDump(dump([{ Contact: contact }]), 'edge', 1_000_000, 100, W);
    expect(skipped).toBe(0);
    const r = registrationSchema.parse(rows[0]);
    expect([r.id, r.user, r.domain, r.contactNum, r.state, r.expiresSec, r.expiresAt, r.clientIp, r.clientPort, r.serverIp, r.serverPort, r.userAgent, r.lastChange]).toEqual([
      'uloc-6b0ec91e-134e-1', 'bob', null, 'sip:bob@127.0.0.1:36000', 'OK', 296, new Date(1_000_000 + 296_000).toISOString(), '127.0.0.1', 36000, '127.0.0.1', 35060, 'TestUA/1', '2026-12-01T13:18:23.000Z',
    ]);
  });

  it('a NAT source address (Received) is the client; user@domain AoRs split; "permanent" expiry has no time', () => {
    const { rows } = parseUsrlocDump(dump([{ Contact: { ...contact, Received: 'sip:198.51.100.7:41000', Expires: 'permanent' } }], 'bob@example.com'), 'edge', 0, 100, W);
    expect([rows[0]!.user, rows[0]!.domain, rows[0]!.clientIp, rows[0]!.clientPort, rows[0]!.expiresSec, rows[0]!.expiresAt]).toEqual(['bob', 'example.com', '198.51.100.7', 41000, null, null]);
  });

  it('skips contacts and AoRs of the wrong shape, counts them, and refuses a dump that is not one', () => {
    const { rows, skipped } = parseUsrlocDump(
      { Domains: [{ Domain: { Domain: 'location', AoRs: [{ Info: { AoR: 'bob', Contacts: [{ Contact: contact }, { Contact: { Address: 5 } }, 'x', {}] } }, { Info: {} }, 7] } }, 'junk'] },
      'edge', 0, 100, W,
    );
    expect(rows).toHaveLength(1);
    expect(skipped).toBe(6);
    for (const bad of [null, [], { Domains: 'x' }, 'dump']) expect(errorOf(() => parseUsrlocDump(bad, 'edge', 0, 100, W)).message).toMatch(/not a usrloc dump/);
  });

  it('stops at the contact bound', () => {
    expect(errorOf(() => parseUsrlocDump(dump(Array.from({ length: 6 }, () => ({ Contact: contact }))), 'edge', 0, 5, W)).message).toMatch(/more than 5 registered contacts/);
  });
});

describe('core and statistics', () => {
  it('version must name Kamailio; uptime must be seconds', () => {
    expect(parseVersion('kamailio 5.6.3 (x86_64/linux) ', W)).toBe('5.6.3');
    expect(parseVersion('kamailio 6.0.0-dev2 (x86_64/linux) ', W)).toBe('6.0.0-dev2');
    for (const bad of ['nginx', 5, null, { version: 'kamailio 5' }]) expect(errorOf(() => parseVersion(bad, W)).message).toMatch(/not a Kamailio JSON-RPC endpoint/);
    expect(parseUptime({ now: 'Tue Dec  1 13:17:05 2026', up_since: 'x', uptime: 3 }, W)).toBe(3);
    expect(errorOf(() => parseUptime({ uptime: -1 }, W)).code).toBe('protocol');
  });

  it('statistics lines are read when well-formed and skipped otherwise', () => {
    const s = parseStatistics(['dialog:active_dialogs = 3', 'shmem:free_size = 1048576', 'garbage', 7, 'a:b = x', `x:${'y'.repeat(400)} = 1`], W);
    expect([...s.entries()]).toEqual([['dialog:active_dialogs', 3], ['shmem:free_size', 1048576]]);
    expect(errorOf(() => parseStatistics({}, W)).code).toBe('protocol');
  });
});

describe('JSON-RPC replies over HTTP', () => {
  it('returns the result of a matching reply', () => {
    expect(interpretReply(profile, W, 'core.version', 3, reply(200, { jsonrpc: '2.0', result: 'kamailio 5.6.3', id: 3 }))).toBe('kamailio 5.6.3');
  });

  it('Method Not Found (HTTP 500 as Kamailio sends it, or -32601) is "the <module> module is not loaded"', () => {
    const e = errorOf(() => interpretReply(profile, W, 'dlg.list', 1, reply(500, { jsonrpc: '2.0', error: { code: 500, message: 'Method Not Found' }, id: 1 })));
    expect([e.code, e.message]).toEqual(['unsupported', `The dialog module is not loaded on the proxy: ${W} does not know dlg.list.`]);
    expect(errorOf(() => interpretReply(profile, W, 'ul.dump', 1, reply(200, { jsonrpc: '2.0', error: { code: -32601, message: 'x' }, id: 1 }))).message).toMatch(/^The usrloc module/);
  });

  it('"Dialog not found" (HTTP 404 with a JSON-RPC body) is not_found, not "wrong path"', () => {
    const e = errorOf(() => interpretReply(profile, W, 'dlg.end_dlg', 2, reply(404, { jsonrpc: '2.0', error: { code: 404, message: 'Dialog not found' }, id: 2 })));
    expect([e.code, e.message]).toEqual(['not_found', `${W}: Dialog not found (dlg.end_dlg).`]);
  });

  it('HTTP statuses without a JSON-RPC body: 401 wrong credentials, 403 refused, 404 not an endpoint, others', () => {
    expect(errorOf(() => interpretReply(profile, W, 'core.version', 1, reply(401, 'credentials required'))).message).toMatch(/refused the user "noc" and its password \(HTTP 401\)/);
    const none = kamailioProfileSchema.parse({ ...profile, auth: 'none' });
    expect(errorOf(() => interpretReply(none, W, 'core.version', 1, reply(401, ''))).message).toMatch(/asks for credentials .*"basic"/);
    expect(errorOf(() => interpretReply(profile, W, 'core.version', 1, reply(403, 'no'))).message).toMatch(/refused this workstation \(HTTP 403\)/);
    expect(errorOf(() => interpretReply(profile, W, 'core.version', 1, reply(404, '<html>no</html>'))).message).toMatch(/is not a Kamailio JSON-RPC endpoint: HTTP 404 for \/RPC/);
    expect(errorOf(() => interpretReply(profile, W, 'core.version', 1, reply(502, 'bad gateway'))).message).toMatch(/answered HTTP 502/);
  });

  it('not JSON, not JSON-RPC, or another request\'s reply are protocol errors in words', () => {
    expect(errorOf(() => interpretReply(profile, W, 'core.version', 1, reply(200, '<html>router login</html>'))).message).toMatch(/not a Kamailio JSON-RPC endpoint: its reply to core.version is not JSON/);
    expect(errorOf(() => interpretReply(profile, W, 'core.version', 1, reply(200, { result: 'x' }))).message).toMatch(/not a JSON-RPC 2.0 reply/);
    expect(errorOf(() => interpretReply(profile, W, 'core.version', 1, reply(200, { jsonrpc: '2.0', result: 'x', id: 9 }))).message).toMatch(/answered a different request \(id 9, expected 1\)/);
    expect(errorOf(() => interpretReply(profile, W, 'core.version', 1, reply(200, { jsonrpc: '2.0', id: 1 }))).code).toBe('protocol');
  });

  it('server text is one bounded line with the credentials cut out', () => {
    const token = Buffer.from('noc:hunter22').toString('base64');
    const msg = `bad\r\nthing Authorization: Basic ${token} password hunter22 ${'x'.repeat(500)}`;
    const e = errorOf(() => interpretReply(profile, W, 'core.psx', 1, reply(500, { jsonrpc: '2.0', error: { code: 500, message: msg }, id: 1 }), [token, 'hunter22']));
    expect(e.message).not.toMatch(/hunter22|[\r\n]/);
    expect(e.message).not.toContain(token);
    expect(e.message.length).toBeLessThan(400);
  });
});
