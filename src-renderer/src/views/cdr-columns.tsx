/** Columns of the CDR result table (ids are remembered by the column chooser). */
import type { CdrRecord } from '../../../src-main/domain/cdr';
import type { Column } from '../components/VirtualTable';
import type { CdrSortColumn } from '../lib/cdr-table';
import { formatDuration, formatTime, timeHeader, type DisplayZone } from '../../../src-shared/time-format';
import { DialButton } from '../components/DialButton';
import { CdrRowActions } from '../components/CallRowActions';


export type CdrColumn = Column<CdrRecord> & { sortKey?: CdrSortColumn };

/** "4.3/4.1" for the two directions; empty when the record has no measurement. */
function pairOf(a: number | null | undefined, b: number | null | undefined): string {
  if ((a ?? null) === null && (b ?? null) === null) return '';
  return `${a ?? '–'}/${b ?? '–'}`;
}

const lowMos = (r: CdrRecord) => [r.quality?.mosCaller, r.quality?.mosCalled].some((m) => typeof m === 'number' && m < 3.6);

const dispClass = (d: string) => (d === 'ANSWERED' ? 'ok-text' : d === 'FAILED' ? 'error' : '');

/** The columns for a display zone: the Start header names the zone, cells show its wall time. */
export function cdrColumns(dz: DisplayZone): CdrColumn[] {
  return [
    { id: 'start', header: timeHeader('Start', dz, 'PBX clock'), width: dz.choice === 'source' ? 210 : Math.max(160, Math.round(timeHeader('Start', dz).length * 7.6 + 30)), sortable: true, sortKey: 'start', cell: (r) => <span className="mono" title={r.start}>{formatTime(r.start, dz)}</span> },
    { id: 'caller', header: 'Caller', width: 130, sortable: true, sortKey: 'caller', cell: (r) => <DialButton number={r.caller} profileId={r.profileId} testId={`cdr-dial-caller-${r.id}`} /> },
    { id: 'callerName', header: 'Caller name', width: 140, sortable: true, sortKey: 'callerName', cell: (r) => r.callerName ?? <span className="muted">–</span> },
    { id: 'callee', header: 'Callee', width: 130, sortable: true, sortKey: 'callee', cell: (r) => <DialButton number={r.callee} profileId={r.profileId} testId={`cdr-dial-callee-${r.id}`} /> },
    { id: 'disposition', header: 'Disposition', width: 110, sortable: true, sortKey: 'disposition', cell: (r) => <span className={dispClass(r.disposition)}>{r.disposition}</span> },
    { id: 'duration', header: 'Duration', width: 76, align: 'right', sortable: true, sortKey: 'durationSec', cell: (r) => <span className="mono">{formatDuration(r.durationSec)}</span> },
    { id: 'billsec', header: 'Talk', width: 70, align: 'right', sortable: true, sortKey: 'billsec', cell: (r) => <span className="mono">{formatDuration(r.billsec)}</span> },
    { id: 'legs', header: 'Legs', width: 50, align: 'right', sortable: true, sortKey: 'legs', cell: (r) => r.legs.length },
    { id: 'recordings', header: 'Rec.', width: 50, align: 'right', sortable: true, sortKey: 'recordFiles', cell: (r) => (r.recordFiles.length ? `● ${r.recordFiles.length}` : '') },
    { id: 'profile', header: 'PBX', width: 100, sortable: true, sortKey: 'profileId', cell: (r) => r.profileId },
    { id: 'callId', header: 'Call-ID', width: 200, cell: (r) => <span className="mono">{r.callId ?? ''}</span> },
    // Sensor-database records only (VoIPmonitor call history); PBX rows leave them empty.
    { id: 'sip', header: 'SIP', width: 56, align: 'right', cell: (r) => <span className="mono" title={r.quality?.lastSipResponse ?? undefined}>{r.quality?.lastSipCode ?? ''}</span> },
    { id: 'mos', header: 'MOS', width: 76, align: 'right', cell: (r) => <span className={`mono${lowMos(r) ? ' error' : ''}`}>{pairOf(r.quality?.mosCaller, r.quality?.mosCalled)}</span> },
    { id: 'loss', header: 'Loss %', width: 84, align: 'right', cell: (r) => <span className="mono">{pairOf(r.quality?.lossCaller, r.quality?.lossCalled)}</span> },
    { id: 'codec', header: 'Codec', width: 70, cell: (r) => r.quality?.codec ?? '' },
    { id: 'callerIp', header: 'Caller IP', width: 110, cell: (r) => <span className="mono">{r.quality?.callerIp ?? ''}</span> },
    { id: 'calledIp', header: 'Callee IP', width: 110, cell: (r) => <span className="mono">{r.quality?.calledIp ?? ''}</span> },
    { id: 'actions', header: '', width: 84, cell: (r) => <CdrRowActions record={r} /> },
  ];
}

/** Column ids and sort keys (the same for every zone). */
export const CDR_COLUMNS: CdrColumn[] = cdrColumns({ choice: 'utc', operatorZone: 'UTC' });
export const DEFAULT_CDR_COLUMNS = CDR_COLUMNS.map((c) => c.id).filter((id) => !['callId', 'codec', 'callerIp', 'calledIp'].includes(id));
