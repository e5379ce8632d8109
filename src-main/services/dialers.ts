/**
 * Which PBX call places a click-to-call for each profile kind. The connectors' own functions are
 * wrapped here so the originate service only sees the small `Dialer` shape.
 */
import type { DialerTable } from './originate';

export const defaultDialers: DialerTable = {};
