/**
 * Which PBX call places a click-to-call for each profile kind. The connectors' own functions are
 * wrapped here so the originate service only sees the small `Dialer` shape.
 */
import type { DialerTable } from './originate';
import type { UcmProfile, WildixProfile } from '../profiles/schema';
import { wildixDial } from '../connectors/wildix/originate';
import { ucmDial } from '../connectors/ucm/actions';

export const defaultDialers: DialerTable = {
  // Internal extensions go through dialExtension, everything else through the outbound routes.
  ucm: async (ctx, p, req) => {
    const outbound = req.cls !== 'internal';
    const r = await ucmDial(ctx, p as UcmProfile, { caller: req.operatorExtension, callee: req.destination, outbound });
    return { ok: r.status === 0, code: r.status, message: `The UCM is ringing extension ${req.operatorExtension}; answer it to call ${req.destination}.` };
  },
  wildix: (ctx, p, req) => wildixDial(ctx, p as WildixProfile, req),
};
