// Runs Electronegativity over the sources (not the bundle: it misses JS checks on rolldown output) and
// fails on any HIGH or MEDIUM finding that security/electronegativity-allowlist.json does not list with
// a reason. Electronegativity itself always exits 0, so the gate parses its CSV report.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ELECTRON_VERSION = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version;
const allow = JSON.parse(readFileSync('security/electronegativity-allowlist.json', 'utf8')).entries;
for (const a of allow) if (!a.reason || a.reason.length < 20) throw new Error(`allowlist entry ${a.check} ${a.file} needs a real reason`);

const tmp = mkdtempSync(path.join(tmpdir(), 'cb-eng-'));
try {
  const scan = path.join(tmp, 'scan');
  for (const p of ['src-main', 'src-renderer', 'package.json']) cpSync(p, path.join(scan, p), { recursive: true });
  const report = path.join(tmp, 'report.csv');
  const bin = path.join('node_modules', '.bin', process.platform === 'win32' ? 'electronegativity.cmd' : 'electronegativity');
  const r = spawnSync(bin, ['-i', scan, '-r', '-e', ELECTRON_VERSION, '-v', 'false', '-o', report], { encoding: 'utf8', timeout: 180_000 });
  if (!existsSync(report)) {
    console.error(r.stdout, r.stderr);
    console.error('Electronegativity produced no report');
    process.exit(1);
  }
  const rows = parseCsv(readFileSync(report, 'utf8')).slice(1).filter((r) => r.length >= 5);
  const findings = rows.map(([check, severity, confidence, file, location]) => ({ check, severity, confidence, file, location }));
  const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
  const unlisted = serious.filter((f) => !allow.some((a) => a.check === f.check && a.file === f.file));
  const stale = allow.filter((a) => !serious.some((f) => f.check === a.check && f.file === a.file));
  console.log(`Electronegativity ${ELECTRON_VERSION}: ${findings.length} findings, ${serious.length} HIGH/MEDIUM, ${serious.length - unlisted.length} reviewed in the allowlist.`);
  for (const f of findings) console.log(`  ${f.severity.padEnd(6)} ${f.check} ${f.file}:${f.location}${unlisted.includes(f) ? '   <-- NOT REVIEWED' : ''}`);
  for (const a of stale) console.log(`  note: allowlist entry ${a.check} ${a.file} no longer matches a finding; remove it.`);
  if (unlisted.length) {
    console.error(`${unlisted.length} HIGH/MEDIUM finding(s) are not in security/electronegativity-allowlist.json: fix them or add them with a reason.`);
    process.exit(1);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/** RFC 4180-style CSV (quoted fields may hold commas and doubled quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') q = false;
      else field += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(field.trim()); field = ''; }
    else if (c === '\n') { row.push(field.trim()); rows.push(row); row = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field || row.length) { row.push(field.trim()); rows.push(row); }
  return rows;
}
