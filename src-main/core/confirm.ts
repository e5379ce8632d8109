/**
 * What main asks the operator before a change that widens where credentials go or what can be dialled.
 * The request is built in main from main's own data (stored profile, the identity main saw); the
 * renderer never supplies its text, and the dialog is shown by main (Electron dialog.showMessageBox on
 * the main window, the CLI's terminal), so a compromised renderer can neither script nor forge it.
 */

/** One row of "what changes": shown as `label: from → to`. */
export interface ChangeRow {
  label: string;
  from: string;
  to: string;
}

export interface ConfirmRequest {
  /** Dialog title and first line, e.g. 'Change where profile "HQ" connects?'. */
  title: string;
  /** One plain sentence on what confirming does. */
  message: string;
  /** What changes (endpoint, pins, link targets…). */
  changes: ChangeRow[];
  /** Identities to check out of band (certificate / host key fingerprints). */
  fingerprints?: { label: string; value: string }[];
  /** Dial-policy rows that relax the toll-fraud guard. */
  policyDiff?: ChangeRow[];
  /** The confirming button; Cancel is always the default and focused one. */
  confirmLabel: string;
}

/** Longest a single value may be in a dialog: enough for a URL, not a wall of text. */
const MAX_VALUE = 200;

/**
 * Dialog text comes partly from profile fields the renderer wrote: drop C0/C1 controls and bidi
 * overrides (Unicode TR9: U+202A–U+202E, U+2066–U+2069) so "evil.com" cannot be displayed reversed or
 * hidden behind line breaks, and bound its length.
 */
export function dialogSafe(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\uFFFD');
  return clean.length > MAX_VALUE ? `${clean.slice(0, MAX_VALUE)}…` : clean;
}

/** The dialog body: message plus one line per change, fingerprint and policy row. */
export function confirmDetail(req: ConfirmRequest): string {
  const lines: string[] = [];
  if (req.changes.length) {
    lines.push('What changes:');
    for (const c of req.changes) lines.push(`  ${dialogSafe(c.label)}: ${dialogSafe(c.from)} → ${dialogSafe(c.to)}`);
  }
  if (req.fingerprints?.length) {
    lines.push('Check this fingerprint with the administrator of the server before you confirm:');
    for (const f of req.fingerprints) lines.push(`  ${dialogSafe(f.label)}: ${dialogSafe(f.value)}`);
  }
  if (req.policyDiff?.length) {
    lines.push('Dial policy relaxed:');
    for (const c of req.policyDiff) lines.push(`  ${dialogSafe(c.label)}: ${dialogSafe(c.from)} → ${dialogSafe(c.to)}`);
  }
  lines.push('', 'If you did not ask for this, press Cancel.');
  return lines.join('\n');
}

/** Everything in one string (CLI prompt, test assertions). */
export function confirmText(req: ConfirmRequest): string {
  return `${dialogSafe(req.title)}\n${dialogSafe(req.message)}\n${confirmDetail(req)}`;
}
