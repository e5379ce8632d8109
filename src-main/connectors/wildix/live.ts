/**
 * What Callboard can and cannot show live from a Wildix PBX (wildix-s2s.md §5.2): no documented REST
 * call lists every live call on the PBX, so the live-calls table gets no Wildix rows rather than a
 * fake list. See docs/WILDIX.md.
 */
export function wildixLiveCapabilities(): string {
  return (
    'Wildix offers no API that lists every live call on the PBX, so Wildix profiles do not appear in the live-calls table. ' +
    'Call history, queues, colleagues with presence and click-to-call work. Per-user call lists (v2 call-control) and ' +
    'Wildix webhooks (call:live:*) exist but are not wired in this version; use a VoIPmonitor sensor for PBX-wide live calls and quality.'
  );
}
