/**
 * A live call's SIP messages as a ladder (VoIPmonitor active_call_info): lanes A, B, … named in a
 * legend, one row per message with its time on the display clock, the offset from the first message,
 * the route drawn with text characters and said in words, the first line and the CSeq. Everything is
 * text (no colour-only meaning); the list scrolls by keyboard; "Copy as text" has main write the same
 * ladder to the clipboard for a ticket.
 */
import { useEffect, useRef, useState } from 'react';
import type { SipLadder as Ladder } from '../../../src-main/domain/sip-ladder';
import { liveBridge } from '../lib/live-bridge';
import { messageOf } from '../api';
import { useNotices } from '../stores/notices';
import { clockMs, deltaText, flowGlyph, fromParty, laneIndex, laneName, routeText, toParty } from '../../../src-shared/sip-ladder-text';
import { plural, zoneLabel, type DisplayZone } from '../../../src-shared/time-format';

export function SipLadder({ ladder, callKey, zone, sourceZone }: { ladder: Ladder | null; callKey: string; zone: DisplayZone; sourceZone: string | null }) {
  const notices = useNotices();
  const [copying, setCopying] = useState(false);
  // The message the arrow keys are on (a listbox: one Tab stop, ↑/↓/Home/End move, the row shows its details).
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLOListElement>(null);
  const count = ladder?.messages.length ?? 0;
  useEffect(() => {
    if (active >= count && count > 0) setActive(count - 1);
  }, [active, count]);
  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  if (!ladder) {
    return (
      <section aria-labelledby="sip-ladder-h" data-testid="sip-ladder" data-state="none">
        <h3 id="sip-ladder-h">SIP messages</h3>
        <p className="muted" data-testid="sip-ladder-note">This source does not report the SIP messages of live calls.</p>
      </section>
    );
  }
  const copy = async () => {
    setCopying(true);
    try {
      const r = await liveBridge.copyLadder(callKey);
      notices.info(`SIP ladder copied to the clipboard (${plural(r.messages, 'message')}${r.stale ? ', as last shown: the call has ended' : ''}).`);
    } catch (e) {
      notices.error(`Could not copy the SIP ladder: ${messageOf(e)}`);
    } finally {
      setCopying(false);
    }
  };
  const lanes = ladder.parties.length;
  const describe = (i: number) => (i < 0 ? 'another party' : `${laneName(i)} (${ladder.parties[i]})`);
  return (
    <section aria-labelledby="sip-ladder-h" className="sip-ladder" data-testid="sip-ladder" data-state={ladder.state}>
      <div className="sip-ladder-head">
        <h3 id="sip-ladder-h">
          SIP messages{ladder.state === 'available' ? ` (${ladder.messages.length})` : ''}
        </h3>
        {ladder.state === 'available' && (
          <button type="button" onClick={() => void copy()} disabled={copying} data-testid="sip-ladder-copy" title="Main copies the ladder as plain text (times on the display clock) for a ticket">
            Copy as text
          </button>
        )}
      </div>
      {ladder.note && (
        <p className={ladder.state === 'available' ? 'muted' : 'notice-text'} role="status" data-testid="sip-ladder-note">
          {ladder.note}
        </p>
      )}
      {ladder.state === 'available' && ladder.messages.length === 0 && <p className="muted">The sensor has no SIP messages for this call yet.</p>}
      {ladder.state === 'available' && ladder.messages.length > 0 && (
        <>
          <ul className="sip-lanes" aria-label="Parties (lanes of the ladder)" data-testid="sip-ladder-lanes">
            {ladder.parties.map((p, i) => (
              <li key={p} className="mono">
                {laneName(i)} = {p}
                {i === 0 ? ' (caller side)' : ''}
              </li>
            ))}
          </ul>
          <p className="muted sip-ladder-zone">Times: {zoneLabel(zone, 'sensor clock')}</p>
          <ol
            ref={listRef}
            className="sip-rows"
            tabIndex={0}
            role="listbox"
            aria-label={`SIP messages, ${plural(ladder.messages.length, 'message')}; arrow keys move between them`}
            aria-activedescendant={`sip-row-${callKey}-${active}`}
            data-testid="sip-ladder-rows"
            onKeyDown={(e) => {
              const next = e.key === 'ArrowDown' ? active + 1 : e.key === 'ArrowUp' ? active - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? count - 1 : e.key === 'PageDown' ? active + 10 : e.key === 'PageUp' ? active - 10 : null;
              if (next === null) return;
              e.preventDefault();
              setActive(Math.max(0, Math.min(count - 1, next)));
            }}
          >
            {ladder.messages.map((m, i) => {
              const f = laneIndex(ladder, fromParty(m));
              const t = laneIndex(ladder, toParty(m));
              const glyph = flowGlyph(f, t, lanes);
              return (
                <li
                  key={i}
                  id={`sip-row-${callKey}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className={`sip-row sip-${m.kind}${i === active ? ' active' : ''}`}
                  data-testid={`sip-row-${i}`}
                  data-index={i}
                  data-direction={m.direction}
                  onClick={() => setActive(i)}
                >
                  <div className="sip-row-top mono">
                    <span className="sip-time">{clockMs(m, zone, sourceZone)}</span>
                    <span className="sip-delta">{deltaText(m.offsetUs)}</span>
                    <span className="sip-route" aria-label={`from ${describe(f)} to ${describe(t)}`}>
                      {routeText(ladder, m)}
                    </span>
                    {glyph && (
                      <span className="sip-flow" aria-hidden="true">
                        {glyph}
                      </span>
                    )}
                  </div>
                  <div className="sip-line mono">
                    {m.firstLine}
                    {m.cseq && <span className="sip-cseq"> · CSeq {m.cseq}</span>}
                    {m.copies > 1 && <span className="muted"> · captured {m.copies}×</span>}
                  </div>
                  {i === active && (
                    <div className="sip-row-detail" data-testid="sip-row-detail">
                      Message {i + 1} of {count}: from {describe(f)} to {describe(t)}
                      {m.direction === 'from-caller' ? ', sent by the caller side' : m.direction === 'from-called' ? ', towards the caller side' : ''}
                      {m.sipBytes !== null ? `, ${m.sipBytes.toLocaleString('en')} bytes of SIP` : ''}
                      {m.copies > 1 ? `, captured ${m.copies} times (more than one capture interface sees it)` : ''}.
                    </div>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
