/**
 * The sniffer creates and upgrades its own schema at every start, so a client that reads the
 * database directly checks, at connect, every table and column it uses, and names what is missing in
 * words instead of failing later with "Unknown column". information_schema lists only what the account
 * may read, so a missing per-table grant shows up here too, and the message says both causes.
 */
import { CallboardError } from '../../../core/errors';

/** Every table and column the history search reads (query.ts). */
export const REQUIRED: Record<string, readonly string[]> = {
  cdr: [
    'ID', 'calldate', 'callend', 'duration', 'connect_duration', 'caller', 'caller_reverse', 'callername', 'callername_reverse',
    'called', 'called_reverse', 'caller_domain', 'called_domain', 'sipcallerip', 'sipcalledip', 'lastSIPresponseNum',
    'lastSIPresponse_id', 'whohanged', 'a_payload', 'b_payload', 'a_mos_adapt_mult10', 'b_mos_adapt_mult10', 'mos_min_mult10',
    'a_avgjitter_mult10', 'b_avgjitter_mult10', 'a_packet_loss_perc_mult1000', 'b_packet_loss_perc_mult1000', 'id_sensor',
  ],
  cdr_next: ['cdr_ID', 'calldate', 'fbasename'],
  cdr_sip_response: ['id', 'lastSIPresponse'],
};

export interface ColumnInfo {
  table: string;
  column: string;
  dataType: string;
}

export interface SchemaFacts {
  /** `ipv6 = yes` sensors store SIP addresses as VARBINARY(16). */
  ipv6: boolean;
}

/** Pure: compares what information_schema listed with REQUIRED; throws a config error naming the gaps. */
export function checkColumns(found: ColumnInfo[], where: string, user: string): SchemaFacts {
  const have = new Map<string, Map<string, string>>();
  for (const c of found) {
    const t = c.table.toLowerCase();
    if (!have.has(t)) have.set(t, new Map());
    have.get(t)!.set(c.column.toLowerCase(), c.dataType.toLowerCase());
  }
  const missingTables = Object.keys(REQUIRED).filter((t) => !have.has(t));
  const missingColumns: string[] = [];
  for (const [t, cols] of Object.entries(REQUIRED)) {
    const h = have.get(t);
    if (!h) continue;
    for (const c of cols) if (!h.has(c.toLowerCase())) missingColumns.push(`${t}.${c}`);
  }
  if (missingTables.length) {
    const list = missingTables.join(', ');
    throw new CallboardError(
      'config',
      `The sensor database ${where} has no table ${list} that user "${user}" can read: either this is not a VoIPmonitor database, or the account lacks SELECT on it (GRANT SELECT ON <db>.${missingTables[0]} TO the read-only user).`,
      { data: { missingTables: missingTables.join(',') } },
    );
  }
  if (missingColumns.length) {
    const shown = missingColumns.slice(0, 6).join(', ') + (missingColumns.length > 6 ? ` and ${missingColumns.length - 6} more` : '');
    const one = missingColumns.length === 1;
    throw new CallboardError(
      'config',
      `This sensor's database ${where} has no ${shown} column${one ? '' : 's'}: a VoIPmonitor older than the schema Callboard reads (sniffer 2026.04 creates ${one ? 'it' : 'them'}), or a column-level grant for "${user}" that leaves ${one ? 'it' : 'them'} out.`,
      { data: { missingColumns: missingColumns.join(',') } },
    );
  }
  const ipType = have.get('cdr')?.get('sipcallerip') ?? '';
  return { ipv6: /binary/.test(ipType) };
}
