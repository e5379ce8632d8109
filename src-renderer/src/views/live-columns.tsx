/** Column definitions of the live calls table (ids are remembered by the column chooser). */
import type { LiveCall } from '../../../src-main/domain/live-call';
import type { Column } from '../components/VirtualTable';
import { Mos } from '../components/Mos';
import { clockFor, currentDuration, type SortValue } from '../lib/live-rows';
import { formatDuration } from '../../../src-shared/time-format';
import { useLive } from '../stores/live';
import { LiveRowActions } from '../components/CallRowActions';
import { DialButton } from '../components/DialButton';
import { Band, jitterBand, lossBand, worse } from '../components/Band';

const num = (v: number | null, digits = 1) => (v === null ? <span className="muted">–</span> : v.toFixed(digits));
const pair = (a: number | null, b: number | null, digits = 1) => (
  <>
    {num(a, digits)} / {num(b, digits)}
  </>
);
const text = (v: string | null) => (v ? v : <span className="muted">–</span>);

export const LIVE_COLUMNS: Column<LiveCall>[] = [
  { id: 'caller', header: 'Caller', width: 124, sortable: true, cell: (c) => <DialButton number={c.caller} profileId={c.sensor} testId={`dial-caller-${c.key}`} /> },
  { id: 'called', header: 'Called', width: 124, sortable: true, cell: (c) => <DialButton number={c.called} profileId={c.sensor} testId={`dial-called-${c.key}`} /> },
  { id: 'callerName', header: 'Caller name', width: 110, sortable: true, cell: (c) => text(c.callerName) },
  { id: 'state', header: 'State', width: 100, sortable: true, cell: (c) => <>{text(c.state)}{c.lastSipResponse !== null && <span className="muted"> {c.lastSipResponse}</span>}</> },
  {
    id: 'duration',
    header: 'Duration',
    width: 72,
    align: 'right',
    sortable: true,
    cell: (c, { now }) => {
      // A stale source's clocks stop at its last good poll: a ticking duration would claim the call is live.
      const st = useLive.getState();
      const polled = st.polledAt.get(c.sensor);
      return <span className="mono">{formatDuration(currentDuration(c, polled, clockFor(st.statuses[c.sensor], polled, now)))}</span>;
    },
  },
  { id: 'codec', header: 'Codec', width: 64, sortable: true, cell: (c) => text(c.codec) },
  { id: 'mosCaller', header: 'MOS caller', width: 84, align: 'right', sortable: true, cell: (c) => <Mos value={c.mosCaller} /> },
  { id: 'mosCalled', header: 'MOS called', width: 84, align: 'right', sortable: true, cell: (c) => <Mos value={c.mosCalled} /> },
  { id: 'jitter', header: 'Jitter ms', width: 92, align: 'right', sortable: true, cell: (c) => <Band band={worse(jitterBand(c.jitterCaller), jitterBand(c.jitterCalled))} label="Jitter">{pair(c.jitterCaller, c.jitterCalled)}</Band> },
  { id: 'loss', header: 'Loss %', width: 92, align: 'right', sortable: true, cell: (c) => <Band band={worse(lossBand(c.lossCaller), lossBand(c.lossCalled))} label="Loss">{pair(c.lossCaller, c.lossCalled, 2)}</Band> },
  { id: 'loss10s', header: 'Loss 10 s %', width: 96, align: 'right', sortable: true, cell: (c) => <Band band={worse(lossBand(c.loss10sCaller), lossBand(c.loss10sCalled))} label="Loss in the last 10 s">{pair(c.loss10sCaller, c.loss10sCalled, 2)}</Band> },
  { id: 'sigIps', header: 'Signalling IPs', width: 210, sortable: true, cell: (c) => <span className="mono">{c.callerIp ?? '–'} → {c.calledIp ?? '–'}</span> },
  { id: 'rtpIps', header: 'RTP IPs', width: 210, sortable: true, cell: (c) => <span className="mono">{c.rtpCallerIp ?? '–'} → {c.rtpCalledIp ?? '–'}</span> },
  { id: 'sensor', header: 'Sensor', width: 84, sortable: true, cell: (c) => c.sensor },
  // One actions column, pinned to the right edge so it stays reachable however wide the table is.
  {
    id: 'actions',
    header: 'Actions',
    width: 232,
    pinned: true,
    cell: (c) => (
      <LiveRowActions call={c} />
    ),
  },
];

/** What fits 1440 px beside the navigation; the rest is in the column chooser. */
export const DEFAULT_LIVE_COLUMNS = LIVE_COLUMNS.map((c) => c.id).filter((id) => !['rtpIps', 'sigIps', 'loss10s'].includes(id));

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** Sort keys: for two-direction metrics the worse direction counts. */
export function liveSortValue(c: LiveCall, column: string): SortValue {
  switch (column) {
    case 'caller':
      return c.caller;
    case 'called':
      return c.called;
    case 'callerName':
      return c.callerName;
    case 'state':
      return c.state;
    case 'duration':
      return c.durationSec ?? (c.start ? -Date.parse(c.start) : null);
    case 'codec':
      return c.codec;
    case 'mosCaller':
      return c.mosCaller;
    case 'mosCalled':
      return c.mosCalled;
    case 'jitter':
      return maxOf(c.jitterCaller, c.jitterCalled);
    case 'loss':
      return maxOf(c.lossCaller, c.lossCalled);
    case 'loss10s':
      return maxOf(c.loss10sCaller, c.loss10sCalled);
    case 'sigIps':
      return c.callerIp;
    case 'rtpIps':
      return c.rtpCallerIp;
    case 'sensor':
      return c.sensor;
    default:
      return minOf(c.mosCaller, c.mosCalled);
  }
}
