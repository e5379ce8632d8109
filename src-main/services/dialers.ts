/**
 * Which PBX call places a click-to-call for each profile kind. The connectors' own functions are
 * wrapped here so the originate service only sees the small `Dialer` shape.
 */
import type { DialerTable } from './originate';
import type { UcmProfile, WildixProfile } from '../profiles/schema';
import { wildixDial } from '../connectors/wildix/originate';
import { ucmDial } from '../connectors/ucm/actions';
import { toDialString } from '../policy/dial-policy';

export const defaultDialers: DialerTable = {
  // Internal extensions go through dialExtension, everything else through the outbound routes.
  ucm: async (ctx, p, req) => {
    const outbound = req.cls !== 'internal';
    const profile = p as UcmProfile;
    const callee = toDialString(profile.dialPolicy, req.destination, req.cls);
    const r = await ucmDial(ctx, profile, { caller: req.operatorExtension, callee, outbound });
    return { ok: r.status === 0, code: r.status, message: `The UCM is ringing extension ${req.operatorExtension}; answer it to call ${req.destination}.` };
  },
  wildix: (ctx, p, req) => {
    const profile = p as WildixProfile;
    return wildixDial(ctx, profile, { ...req, destination: toDialString(profile.dialPolicy, req.destination, req.cls) });
  },
};
