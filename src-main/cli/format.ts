/**
 * Text from servers and profiles, made safe for a terminal: C0/C1 controls (ESC starts the sequences
 * that retitle the window, rewrite earlier lines or paste into the shell, ECMA-48), DEL and bidi
 * controls are shown as \xNN / \u{NNNN} instead of being interpreted. Newlines stay when asked.
 */
export function termSafe(text: string, keepNewlines = false): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (keepNewlines && c === '\n') return c;
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`;
  });
}

/** Plain aligned text tables for terminal output (no colours: output is often piped into tickets). */
export function textTable(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : termSafe(String(c)))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}

export function printJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
