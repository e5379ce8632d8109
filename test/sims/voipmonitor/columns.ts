/** The sniffer's 68 built-in listcalls columns, in order (voipmonitor/sniffer calltable.cpp `callFields[]`). */
export const LISTCALLS_COLUMNS = [
  'callreference', 'callid', 'calldate', 'calldate_num', 'lastpackettime', 'duration', 'connect_duration', 'caller', 'called',
  'caller_country', 'called_country', 'caller_international', 'called_international', 'callername', 'callerdomain',
  'calleddomain', 'calleragent', 'calledagent', 'callerip', 'calledip', 'callerip_country', 'calledip_country',
  'callerip_encaps', 'calledip_encaps', 'callerip_encaps_prot', 'calledip_encaps_prot', 'sipproxies', 'lastSIPresponseNum',
  'rtp_src', 'rtp_dst', 'rtp_src_country', 'rtp_dst_country', 'callercodec', 'calledcodec', 'src_mosf1', 'src_mosf1_avg',
  'src_mosf1_min', 'src_mosf2', 'src_mosf2_avg', 'src_mosf2_min', 'src_mosAD', 'src_mosAD_avg', 'src_mosAD_min', 'dst_mosf1',
  'dst_mosf1_avg', 'dst_mosf1_min', 'dst_mosf2', 'dst_mosf2_avg', 'dst_mosf2_min', 'dst_mosAD', 'dst_mosAD_avg',
  'dst_mosAD_min', 'src_jitter', 'src_jitter_avg', 'src_jitter_max', 'dst_jitter', 'dst_jitter_avg', 'dst_jitter_max',
  'src_received', 'dst_received', 'src_loss_abs', 'dst_loss_abs', 'src_loss', 'dst_loss', 'src_loss_last10sec',
  'dst_loss_last10sec', 'id_sensor', 'vlan',
] as const;

/** Columns rendered with std::fixed 6 decimals. */
export const FLOAT_COLUMNS = new Set<number>([52, 53, 54, 55, 56, 57, 62, 63, 64, 65]);

export const REGISTER_COLUMNS = [
  'ID', 'id_sensor', 'fname', 'calldate', 'sipcallerip', 'sipcalledip', 'sipcallerip_encaps', 'sipcalledip_encaps',
  'sipcallerip_encaps_prot', 'sipcalledip_encaps_prot', 'sipcallerport', 'sipcalledport', 'from_num', 'from_name', 'from_domain',
  'to_num', 'to_domain', 'contact_num', 'contact_domain', 'digestusername', 'digestrealm', 'expires', 'expires_at', 'state', 'ua',
  'rrd_avg', 'spool_index', 'is_sipalg_detected', 'vlan', 'sipcallerip_country_code', 'sipcalledip_country_code',
  'from_num_country_code', 'to_num_country_code',
] as const;
