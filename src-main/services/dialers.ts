/**
 * Which PBX call places a click-to-call for each profile kind. The connectors' own functions are
 * wrapped here so the originate service only sees the small `Dialer` shape.
 */
import type { DialerTable } from './originate';
import type { WildixProfile } from '../profiles/schema';
import { wildixDial } from '../connectors/wildix/originate';

export const defaultDialers: DialerTable = {
  wildix: (ctx, p, req) => wildixDial(ctx, p as WildixProfile, req),
};
