/**
 * A throwaway MariaDB on 127.0.0.1 (ephemeral port) holding a VoIPmonitor CDR schema that the real
 * sniffer created: mariadbd runs in this network namespace, the sniffer (run-in-netns.sh) is started
 * once in its own namespace against the server's unix socket, creates and upgrades its 46 tables and
 * today's and tomorrow's partitions, and is stopped again. For E2E tests and the benchmark, which run
 * outside the sniffer's namespace; the real-sniffer tests use the wrapper's own --mariadb instead.
 *
 * Rows are then loaded server-side (INSERT … SELECT over MariaDB's seq_1_to_N sequence table).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { snifferKitDir, realSnifferUnavailableReason } from './real-sniffer';
import { freePort } from './free-port';

export interface SensorDb {
  port: number;
  socket: string;
  database: string;
  /** SQL as the server's root (unix socket), returning tab-separated output. */
  sql(text: string): string;
  /** A read-only account with per-table grants, as docs/VOIPMONITOR-HISTORY.md recommends. */
  createReadOnlyUser(user?: string): { user: string; password: string };
  /** The PEM of the server's TLS certificate (when started with tls). */
  certPem: string | null;
  /** With tls: 'ca', the PEM of the throwaway CA that issued the server's certificate. */
  caPem: string | null;
  stop(): Promise<void>;
}

export function sensorDbUnavailableReason(): string | null {
  for (const tool of ['/usr/sbin/mariadbd', '/usr/bin/mariadb', '/usr/bin/mariadb-install-db']) if (!existsSync(tool)) return `${tool} is missing (apt-get install mariadb-server mariadb-client)`;
  return realSnifferUnavailableReason();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Lets the real sniffer create its schema in `database` through `socket`, then stops it. */
async function sniffSchema(socket: string, user: string, password: string, database: string, sql: (t: string) => string, extraConf: string[] = []): Promise<void> {
  const kit = snifferKitDir() as string;
  const child: ChildProcess = spawn(
    path.join(kit, 'run-in-netns.sh'),
    ['--mysql-host', 'localhost', '--mysql-socket', socket, '--mysql-user', user, '--mysql-password', password, '--mysql-db', database, '--conf', 'query_cache = no', ...extraConf.flatMap((c) => ['--conf', c])],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 50_000) stderr += d.toString('utf8');
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`run-in-netns.sh exited with ${code} before the sniffer was ready: ${stderr.slice(-1500)}`)));
    });
    // The schema is complete once the partitions of cdr_next exist and the sniffer noted its zone.
    for (let i = 0; i < 300; i++) {
      const n = sql(`SELECT COUNT(*) FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = '${database}' AND TABLE_NAME = 'cdr_next' AND PARTITION_NAME IS NOT NULL;
                     SELECT COUNT(*) FROM ${database}.system WHERE type = 'timezone_info_local_sensor';`).trim().split('\n').map(Number);
      if ((n[0] ?? 0) >= 2 && (n[1] ?? 0) >= 1) return;
      await sleep(200);
    }
    throw new Error(`the sniffer did not create its schema within 60 s: ${stderr.slice(-1500)}`);
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(60_000)]);
  }
}

/**
 * `tls: true` gives the server a self-signed certificate (what most sensors have); `tls: 'ca'` one
 * issued by a throwaway CA (subjectAltName IP:127.0.0.1 and DNS:sensor-db.test), sent without the
 * CA's certificate, as a server configured with only its own certificate file does.
 */
export async function startSensorDb(o: { tls?: boolean | 'ca'; ipv6?: boolean } = {}): Promise<SensorDb> {
  const why = sensorDbUnavailableReason();
  if (why) throw new Error(`A sensor database cannot be started here: ${why}.`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'callboard-sensordb-'));
  const socket = path.join(dir, 'mysqld.sock');
  const database = 'voipmonitor';
  // Its own folder for temporary tables, not the shared /tmp: in parallel runs a bootstrap's temporary
  // table files there were seen to vanish ("Unknown table 'mysql.tmp_proxies_priv'").
  const tmp = path.join(dir, 'tmp');
  try {
    await mkdir(tmp);
    execFileSync('mariadb-install-db', ['--no-defaults', '--user=root', `--datadir=${dir}/data`, `--tmpdir=${tmp}`, '--auth-root-authentication-method=socket', '--skip-test-db'], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    const err = e as { stderr?: Buffer; stdout?: Buffer; status?: number; signal?: string };
    throw new Error(`mariadb-install-db failed (status ${err.status ?? err.signal}): ${`${err.stderr ?? ''}${err.stdout ?? ''}`.slice(-2000)}`);
  }
  let certPem: string | null = null;
  let caPem: string | null = null;
  const tlsArgs: string[] = [];
  if (o.tls === 'ca') {
    const ssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
    ssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Callboard test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-keyout', `${dir}/ca-key.pem`, '-out', `${dir}/ca.pem`]);
    ssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=sensor-db.test', '-keyout', `${dir}/key.pem`, '-out', `${dir}/server.csr`]);
    await writeFile(`${dir}/server.ext`, 'subjectAltName=IP:127.0.0.1,DNS:sensor-db.test\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
    ssl(['x509', '-req', '-in', `${dir}/server.csr`, '-CA', `${dir}/ca.pem`, '-CAkey', `${dir}/ca-key.pem`, '-CAcreateserial', '-days', '2', '-extfile', `${dir}/server.ext`, '-out', `${dir}/cert.pem`]);
    certPem = await readFile(`${dir}/cert.pem`, 'utf8');
    caPem = await readFile(`${dir}/ca.pem`, 'utf8');
    tlsArgs.push(`--ssl-cert=${dir}/cert.pem`, `--ssl-key=${dir}/key.pem`);
  } else if (o.tls) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=sensor-db.test', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`], { stdio: 'ignore' });
    certPem = execFileSync('cat', [`${dir}/cert.pem`], { encoding: 'utf8' });
    tlsArgs.push(`--ssl-cert=${dir}/cert.pem`, `--ssl-key=${dir}/key.pem`);
  }
  const port = await freePort();
  const server = spawn('mariadbd', [
    '--no-defaults', '--user=root', `--datadir=${dir}/data`, `--tmpdir=${tmp}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1',
    '--skip-name-resolve', '--skip-log-bin', `--pid-file=${dir}/mariadbd.pid`, `--log-error=${dir}/mariadbd.err`, '--innodb-buffer-pool-size=256M', ...tlsArgs,
  ], { stdio: 'ignore' });
  const sql = (text: string) => execFileSync('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot', '-N', '-B'], { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });
  const stop = async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await Promise.race([new Promise((r) => server.once('exit', r)), sleep(30_000)]);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; ; i++) {
      try {
        sql('SELECT 1');
        break;
      } catch {
        if (i > 150 || server.exitCode !== null) throw new Error('mariadbd did not start within 30 s');
        await sleep(200);
      }
    }
    const pw = randomBytes(9).toString('hex');
    sql(`CREATE DATABASE ${database}; CREATE USER 'voipmonitor'@'localhost' IDENTIFIED BY '${pw}'; GRANT ALL PRIVILEGES ON ${database}.* TO 'voipmonitor'@'localhost';`);
    // `ipv6 = yes`: the sniffer creates its address columns as VARBINARY(16) instead of INT UNSIGNED.
    await sniffSchema(socket, 'voipmonitor', pw, database, sql, o.ipv6 ? ['ipv6 = yes'] : []);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    port,
    socket,
    database,
    sql,
    certPem,
    caPem,
    createReadOnlyUser(user = 'callboard_ro') {
      const password = randomBytes(9).toString('hex');
      sql(`CREATE USER IF NOT EXISTS '${user}'@'127.0.0.1' IDENTIFIED BY '${password}';
           ${['cdr', 'cdr_next', 'cdr_sip_response'].map((t) => `GRANT SELECT ON ${database}.${t} TO '${user}'@'127.0.0.1';`).join('\n')}`);
      return { user, password };
    },
    stop,
  };
}

/** Several sensor databases at once; if one cannot start, the others are stopped before the error is thrown. */
export async function startSensorDbs(...opts: Array<Parameters<typeof startSensorDb>[0]>): Promise<SensorDb[]> {
  const started = await Promise.allSettled(opts.map((o) => startSensorDb(o)));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const dbs = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (!failed) return dbs;
  await Promise.all(dbs.map((db) => db.stop()));
  throw failed.reason;
}

/**
 * `count` CDRs spread over today on the sensor clock, with the sniffer's units: varied numbers,
 * addresses, SIP codes (200/486/487/404/503), codecs (PCMA/PCMU/G729), MOS x10 and loss x1000, and a
 * Call-ID per row in cdr_next. Deterministic (a function of the row number).
 */
export function seedCdrs(db: SensorDb, count: number, callIdPrefix = 'seed', o: { ipv6?: boolean } = {}): void {
  // An `ipv6 = yes` schema stores addresses as the sniffer writes them there, INET6_ATON(text): 4 bytes
  // for an IPv4 peer, 16 for an IPv6 one (every third caller is 2001:db8::<n>).
  const callerIp = o.ipv6 ? "IF(t.seq % 3 = 0, INET6_ATON(CONCAT('2001:db8::', HEX(t.seq % 4096))), INET6_ATON(INET_NTOA(167772160 + t.seq % 4096)))" : '167772160 + t.seq % 4096';
  const calledIp = o.ipv6 ? 'INET6_ATON(INET_NTOA(3232235520 + t.seq % 256))' : '3232235520 + t.seq % 256';
  db.sql(`USE ${db.database};
    INSERT INTO cdr_sip_response (lastSIPresponse) VALUES ('200 OK'), ('486 Busy Here'), ('487 Request Terminated'), ('404 Not Found'), ('503 Service Unavailable')
      ON DUPLICATE KEY UPDATE lastSIPresponse = lastSIPresponse;
    INSERT INTO cdr (calldate, callend, duration, connect_duration, caller, caller_reverse, callername, callername_reverse, called, called_reverse,
        caller_domain, called_domain, sipcallerip, sipcalledip, lastSIPresponseNum, lastSIPresponse_id, whohanged, a_payload, b_payload,
        a_mos_adapt_mult10, b_mos_adapt_mult10, mos_min_mult10, a_avgjitter_mult10, b_avgjitter_mult10, a_packet_loss_perc_mult1000, b_packet_loss_perc_mult1000)
    SELECT t.calldate, t.calldate + INTERVAL t.dur SECOND, t.dur, IF(t.code = 200, t.dur - 2, NULL),
        t.caller, REVERSE(t.caller), CONCAT('User ', t.seq % 500), REVERSE(CONCAT('User ', t.seq % 500)), t.called, REVERSE(t.called),
        'pbx.example', 'carrier.example', ${callerIp}, ${calledIp}, t.code,
        (SELECT id FROM cdr_sip_response r WHERE r.lastSIPresponse LIKE CONCAT(t.code, ' %')), IF(t.seq % 2, 'caller', 'callee'),
        ELT(1 + t.seq % 3, 8, 0, 18), ELT(1 + t.seq % 3, 8, 0, 18),
        IF(t.code = 200, 30 + t.seq % 16, NULL), IF(t.code = 200, 28 + t.seq % 18, NULL), IF(t.code = 200, 25 + t.seq % 16, NULL),
        IF(t.code = 200, t.seq % 300, NULL), IF(t.code = 200, t.seq % 200, NULL), IF(t.code = 200, (t.seq * 37) % 8000, NULL), IF(t.code = 200, (t.seq * 11) % 5000, NULL)
    FROM (SELECT s.seq, CURDATE() + INTERVAL FLOOR(s.seq * 86000 / ${count}) SECOND AS calldate, 5 + s.seq % 600 AS dur,
        CONCAT('+4420', LPAD(s.seq % 100000, 7, '0')) AS caller, CONCAT('10', s.seq % 900) AS called,
        ELT(1 + s.seq % 10, 200, 200, 200, 200, 200, 200, 486, 487, 404, 503) AS code
      FROM seq_1_to_${count} s) t;
    INSERT INTO cdr_next (cdr_ID, calldate, fbasename)
    SELECT ID, calldate, CONCAT('${callIdPrefix}-', ID, '@pbx.example') FROM cdr WHERE caller_domain = 'pbx.example'
      AND NOT EXISTS (SELECT 1 FROM cdr_next n WHERE n.cdr_ID = cdr.ID AND n.calldate = cdr.calldate);`);
}
