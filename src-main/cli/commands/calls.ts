import { readArgs, wholeNumber } from '../args';
import type { LiveCall } from '../../domain/live-call';
import { liveSnapshot } from '../../services/live/snapshot';
import { printJson, textTable } from '../format';
import { cliClock } from '../time';
import { formatDuration, formatTime, plural, timeHeader } from '../../../src-shared/time-format';
import type { CliCommand } from '../types';

/** The stable JSON shape of one live call for scripts. */
export function cliCall(c: LiveCall) {
  return {
    sensor: c.sensor,
    key: c.key,
    callId: c.callId,
    caller: c.caller,
    callerName: c.callerName,
    called: c.called,
    start: c.start,
    durationSec: c.durationSec,
    state: c.state,
    lastSipResponse: c.lastSipResponse,
    codec: c.codec,
    mosCaller: c.mosCaller,
    mosCalled: c.mosCalled,
    lossCaller: c.lossCaller,
    lossCalled: c.lossCalled,
    jitterCaller: c.jitterCaller,
    jitterCalled: c.jitterCalled,
    callerIp: c.callerIp,
    calledIp: c.calledIp,
  };
}

const f1 = (n: number | null) => (n === null ? '' : n.toFixed(1));

export const callsCommand: CliCommand = {
  name: 'calls',
  summary: 'List the live calls of a VoIPmonitor sensor or UCM profile',
  usage: 'callboard calls PROFILE [--caller X] [--called Y] [--limit N] [--json]',
  async run(argv, io, ctx) {
    const { values, args: { profile: id } } = readArgs(this.usage, argv, { caller: { type: 'string' }, called: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } }, { required: ['profile'] });
    const limit = wholeNumber('limit', values.limit, 6);
    const calls: LiveCall[] = await liveSnapshot(ctx, id, {
      ...(values.caller ? { caller: values.caller } : {}),
      ...(values.called ? { called: values.called } : {}),
      ...(limit !== undefined ? { limit } : {}),
    });
    if (values.json) {
      io.stdout(printJson(calls.map(cliCall)));
      return 0;
    }
    const { dz, sourceZone } = await cliClock(ctx, id);
    io.stdout(
      textTable(
        ['SENSOR', 'CALLER', 'CALLED', timeHeader('START', dz, 'sensor clock'), 'DUR', 'STATE', 'SIP', 'CODEC', 'MOS A', 'MOS B', 'LOSS% A', 'LOSS% B', 'CALLER IP', 'CALLED IP'],
        calls.map((c) => [c.sensor, c.caller, c.called, formatTime(c.start, dz, sourceZone), formatDuration(c.durationSec), c.state, c.lastSipResponse, c.codec, f1(c.mosCaller), f1(c.mosCalled), f1(c.lossCaller), f1(c.lossCalled), c.callerIp, c.calledIp]),
      ),
    );
    io.stdout(`${plural(calls.length, 'call')}\n`);
    return 0;
  },
};
