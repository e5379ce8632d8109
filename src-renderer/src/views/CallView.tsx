/** Call view: one call as every backend knows it, with a ladder of events from every source on one time axis. */
import { useState } from 'react';
import { useCallView } from '../stores/call-view';
import { useLinks, ticketFromCdr, ticketFromLive } from '../stores/links';
import { axis, type CallJoin, type TimelineEvent } from '../lib/call-join';
import { useZone } from '../stores/display';
import { formatDuration, formatTime, inputZone, timeHeader, zoneLabel } from '../../../src-shared/time-format';
import { localToIso } from '../lib/cdr-query';
import { DialButton } from '../components/DialButton';

const KIND_WORDS: Record<TimelineEvent['kind'], string> = { start: 'Start', ringing: 'Ringing', answer: 'Answer', transfer: 'Transfer', hold: 'Hold', end: 'End', note: 'Note', sip: 'SIP' };

export function CallView() {
  const v = useCallView();
  const [input, setInput] = useState(v.lookupFor?.callId ?? v.lookupFor?.number ?? '');
  const [at, setAt] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const zone = useZone();

  function submit() {
    const text = input.trim();
    if (!text) return setErr('Paste a SIP Call-ID, or type a number (and optionally a time).');
    if (text.length > 512) return setErr('That is too long for a Call-ID.');
    setErr(null);
    // A phone number is digits and separators; anything else is a Call-ID.
    if (/^\+?[0-9 ()./-]{3,}$/.test(text)) {
      const iso = at ? localToIso(at, inputZone(zone)) : null;
      if (at && !iso) return setErr('Enter a valid time, or leave it empty.');
      v.lookup({ number: text, ...(iso ? { at: iso } : {}) });
    } else v.lookup({ callId: text });
  }

  return (
    <div className="view call-view" data-testid="view-call">
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h1>Call view</h1>
        <label htmlFor="call-lookup" className="sr-only">
          Call-ID or number
        </label>
        <input id="call-lookup" type="search" className="wide" placeholder="Paste a Call-ID, or a number" value={input} onChange={(e) => setInput(e.target.value)} data-testid="call-lookup" aria-invalid={err ? true : undefined} />
        <label htmlFor="call-at" className="sr-only">
          Around (time in {zoneLabel(zone, 'this computer’s zone')})
        </label>
        <input id="call-at" type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} title="Around this time (±15 min), for a number" data-testid="call-at" />
        <button type="submit" className="primary" data-testid="call-lookup-go">
          Show
        </button>
        {err && (
          <span className="field-error" role="alert">
            {err}
          </span>
        )}
      </form>
      {v.error && <div className="error-box">{v.error}</div>}
      <div className="pane call-body">{v.loading ? <p className="muted">Looking up…</p> : v.join ? <JoinPanel join={v.join} /> : <p className="empty">Paste a Call-ID, or select a call in Live calls or CDR search and choose "Call view".</p>}</div>
    </div>
  );
}

function JoinPanel({ join }: { join: CallJoin }) {
  const zone = useZone();
  const firstLive = join.live[0];
  // UCM and Wildix records carry no SIP Call-ID: a PBX record joined by numbers must not hide the
  // link the live call (or the joined Call-ID itself) still gives.
  const ticket = join.cdrs.map(ticketFromCdr).find((t) => t !== null) ?? (firstLive ? ticketFromLive(firstLive) : null) ?? (join.callId ? { callId: join.callId } : null);
  const nothing = !join.cdrs.length && !join.live.length;
  return (
    <section data-testid="call-join">
      <header className="call-head">
        <h2 className="mono">{join.callId ?? 'No Call-ID known'}</h2>
        <button type="button" disabled={!ticket} onClick={() => ticket && void useLinks.getState().copyLink(ticket)} data-testid="call-copy-link">
          Copy link
        </button>
        <button type="button" disabled={!ticket} onClick={() => ticket && void useLinks.getState().copyTicket(ticket)} data-testid="call-copy-ticket">
          Copy ticket text
        </button>
        <button type="button" disabled={!ticket} onClick={() => ticket && void useLinks.getState().open(ticket)} data-testid="call-open-vault">
          Open in SIP VAULT
        </button>
      </header>
      <ul className="chips" aria-label="Sources">
        {join.sources.map((s) => (
          <li key={s.profileId} className={`chip ${s.status === 'found' ? 'chip-connected' : s.status === 'error' ? 'chip-error' : ''}`} data-testid={`call-source-${s.profileId}`}>
            <span>{s.profileId}</span> <span className="chip-state">{s.status === 'found' ? 'found' : s.status === 'not-found' ? 'not found' : s.status === 'error' ? 'error' : 'not searched'}</span>
            {s.message && <span className="chip-detail">{s.message}</span>}
          </li>
        ))}
      </ul>
      {nothing ? <p className="empty">No source knows this call.</p> : <Timeline events={join.events} />}
      {join.sipNotes.length > 0 && (
        <ul className="sip-notes" aria-label="SIP messages" data-testid="call-sip-notes">
          {join.sipNotes.map((n, i) => (
            <li key={i} className="muted">
              <strong>{n.profileId}</strong>: {n.text}
            </li>
          ))}
        </ul>
      )}
      {join.live.length > 0 && (
        <>
          <h3>Live now</h3>
          <table className="grid">
            <thead>
              <tr>
                <th>Source</th>
                <th>Caller</th>
                <th>Called</th>
                <th>State</th>
                <th>MOS caller / called</th>
                <th>Codec</th>
              </tr>
            </thead>
            <tbody>
              {join.live.map((c) => (
                <tr key={c.key}>
                  <td>{c.sensor}</td>
                  <td>
                    <DialButton number={c.caller} profileId={c.sensor} testId={`call-dial-${c.key}-caller`} />
                  </td>
                  <td>
                    <DialButton number={c.called} profileId={c.sensor} testId={`call-dial-${c.key}-called`} />
                  </td>
                  <td>{c.state ?? '–'}</td>
                  <td className="mono">
                    {c.mosCaller?.toFixed(1) ?? '–'} / {c.mosCalled?.toFixed(1) ?? '–'}
                  </td>
                  <td>{c.codec ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {join.cdrs.length > 0 && (
        <>
          <h3>Call records</h3>
          <table className="grid">
            <thead>
              <tr>
                <th>PBX</th>
                <th>{timeHeader('Start', zone, 'PBX clock')}</th>
                <th>Caller</th>
                <th>Callee</th>
                <th>Disposition</th>
                <th>Duration</th>
                <th>Legs</th>
                <th>Recordings</th>
              </tr>
            </thead>
            <tbody>
              {join.cdrs.map((r) => (
                <tr key={`${r.profileId}:${r.id}`}>
                  <td>{r.profileId}</td>
                  <td className="mono">{formatTime(r.start, zone)}</td>
                  <td>
                    <DialButton number={r.caller} profileId={r.profileId} testId={`call-dial-${r.id}-caller`} />
                  </td>
                  <td>
                    <DialButton number={r.callee} profileId={r.profileId} testId={`call-dial-${r.id}-callee`} />
                  </td>
                  <td>{r.disposition}</td>
                  <td className="mono">{formatDuration(r.durationSec)}</td>
                  <td>{r.legs.length}</td>
                  <td className="mono">{r.recordFiles.join(' ') || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** "+0.005 s" close to the first event (SIP messages are milliseconds apart), "+3:03" later. */
const since = (ms: number) => (ms < 10_000 ? `+${(ms / 1000).toFixed(3)} s` : `+${formatDuration(ms / 1000)}`);

/**
 * The call's events from every source as a ladder: one column (lane) per source, one row per event in
 * time order, the event written in its source's lane; the time (display zone) and the offset from the
 * first event lead each row. A table, so it reads row by row with a screen reader and by keyboard.
 */
function Timeline({ events }: { events: TimelineEvent[] }) {
  const zone = useZone();
  const formatLocal = (t: string | number) => formatTime(t, zone);
  if (!events.length) return <p className="muted">No timed events.</p>;
  const a = axis(events);
  const sources = [...new Set(events.map((e) => e.profileId))];
  return (
    <figure className="timeline event-ladder" data-testid="call-timeline" aria-labelledby="call-timeline-cap">
      <figcaption id="call-timeline-cap" className="timeline-scale">
        <span>
          {events.length} events from {sources.length === 1 ? '1 source' : `${sources.length} sources`} over {formatDuration((a.end - a.start) / 1000)}, from {formatLocal(a.start)} ({zoneLabel(zone, 'PBX clock')})
        </span>
      </figcaption>
      <div className="table-scroll event-ladder-scroll" tabIndex={0} role="region" aria-label="Ladder of the call's events">
        <table className="grid ladder-grid">
          <thead>
            <tr>
              <th scope="col">{timeHeader('Time', zone, 'PBX clock')}</th>
              <th scope="col">Since first</th>
              {sources.map((s) => (
                <th key={s} scope="col" className="lane-head">
                  {s}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {events.map((e, i) => (
              <tr key={i} data-testid="call-event" data-kind={e.kind} data-source={e.profileId}>
                <td className="mono">{formatLocal(e.time)}</td>
                <td className="mono muted">{since(Date.parse(e.time) - a.start)}</td>
                {sources.map((s) =>
                  s === e.profileId ? (
                    <td key={s} className={`lane-cell lane-on ev-${e.kind}`}>
                      <span className="sr-only">{s}: </span>
                      <strong className={`tl-text-${e.kind}`}>{KIND_WORDS[e.kind]}</strong> <span className={e.kind === 'sip' ? 'mono' : ''}>{e.text}</span>
                    </td>
                  ) : (
                    <td key={s} className="lane-cell lane-off" aria-hidden="true">
                      │
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
