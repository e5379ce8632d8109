/** Everything about one call: all fields, the source's extra fields, its SIP ladder and its RTP streams. */
import { useEffect, useState } from 'react';
import type { LiveCall } from '../../../src-main/domain/live-call';
import { liveBridge, type CallDetail, type Scalar } from '../lib/live-bridge';
import { messageOf } from '../api';
import { Mos } from './Mos';
import { ActionBar } from './ActionBar';
import { QualityTimeline } from './QualityTimeline';
import { SipLadder } from './SipLadder';
import { liveActions } from '../lib/row-actions';
import { sourceZoneOf, useZone } from '../stores/display';
import { formatTime, zoneLabel } from '../../../src-shared/time-format';

const show = (v: Scalar | undefined) =>
  v === null || v === undefined || v === '' ? '–' : typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toFixed(3))) : String(v);

export function CallDetailPanel({ call, onClose }: { call: LiveCall; onClose(): void }) {
  const [detail, setDetail] = useState<CallDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const zone = useZone();

  useEffect(() => {
    setDetail(null);
    setError(null);
  }, [call.key]);
  // Asked again when the call moves on (a new SIP response, answered, ended), so the ladder follows it;
  // the last answer stays on screen meanwhile.
  useEffect(() => {
    let live = true;
    liveBridge
      .callDetail(call.key, call.sensor)
      .then((d) => {
        if (live) {
          setDetail(d);
          setError(null);
        }
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [call.key, call.sensor, call.lastSipResponse, call.state]);

  const fields: [string, Scalar][] = [
    ['Caller', call.caller],
    ['Called', call.called],
    ['Caller name', call.callerName],
    ['Call-ID', call.callId],
    [`Start (${zoneLabel(zone, 'sensor clock')})`, formatTime(call.start, zone, sourceZoneOf(call.sensor))],
    ['State', call.state],
    ['Last SIP response', call.lastSipResponse],
    ['Codec', call.codec],
    ['Jitter caller / called (ms)', `${show(call.jitterCaller)} / ${show(call.jitterCalled)}`],
    ['Loss caller / called (%)', `${show(call.lossCaller)} / ${show(call.lossCalled)}`],
    ['Loss last 10 s (%)', `${show(call.loss10sCaller)} / ${show(call.loss10sCalled)}`],
    ['Signalling', `${show(call.callerIp)} → ${show(call.calledIp)}`],
    ['RTP', `${show(call.rtpCallerIp)} → ${show(call.rtpCalledIp)}`],
    ['Sensor', call.sensor],
    ['Source', call.source],
    ['Channel', call.channel],
  ];
  const streamCols = detail?.streams.length ? [...new Set(detail.streams.flatMap((s) => Object.keys(s)))] : [];

  return (
    <aside
      className="detail-panel"
      aria-label="Call detail"
      data-testid="call-detail"
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header>
        <h2>
          {call.caller} → {call.called}
        </h2>
        <button type="button" onClick={onClose} aria-label="Close detail" data-testid="call-detail-close">
          ✕
        </button>
      </header>
      <ActionBar actions={liveActions(call)} testId="call-detail-action" />
      <div className="mos-pair">
        <span>MOS caller</span> <Mos value={call.mosCaller} /> <span>MOS called</span> <Mos value={call.mosCalled} />
      </div>
      <QualityTimeline call={call} />
      {detail && <SipLadder ladder={detail.sipLadder} callKey={call.key} zone={zone} sourceZone={sourceZoneOf(call.sensor)} />}
      <dl className="kv">
        {fields.map(([k, v]) => (
          <div key={k} className="kv-row">
            <dt>{k}</dt>
            <dd className="mono">{show(v)}</dd>
          </div>
        ))}
        {Object.entries(call.extra).map(([k, v]) => (
          <div key={`x-${k}`} className="kv-row">
            <dt>{k}</dt>
            <dd className="mono">{show(v)}</dd>
          </div>
        ))}
      </dl>
      {detail && Object.keys(detail.fields).length > 0 && (
        <>
          <h3>All fields reported by {call.sensor}</h3>
          <dl className="kv" data-testid="call-fields">
            {Object.entries(detail.fields).map(([k, v]) => (
              <div key={`f-${k}`} className="kv-row">
                <dt>{k}</dt>
                <dd className="mono">{show(v)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      <h3>RTP streams</h3>
      {error && <p className="error">{error}</p>}
      {!detail && !error && <p className="muted">Loading…</p>}
      {detail && detail.streams.length === 0 && <p className="muted">The source reported no RTP streams for this call.</p>}
      {detail && detail.streams.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="RTP streams">
          <table className="grid" data-testid="rtp-streams">
            <thead>
              <tr>
                {streamCols.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {detail.streams.map((s, i) => (
                <tr key={i}>
                  {streamCols.map((c) => (
                    <td key={c} className="mono">
                      {show(s[c])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </aside>
  );
}
