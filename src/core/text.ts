/** Text that reaches a terminal: names from files may carry control characters, which must never act. */

// C0 controls, DEL, C1 controls, and the Unicode bidirectional overrides/isolates that reorder a line.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `s` with every control character written as a visible escape (`\x1b`, `\n`, `\u202e`); line breaks kept if asked. */
export function escapeControl(s: string, keepNewlines = false): string {
  return s.replace(CONTROL, (c) => {
    if (c === '\n') return keepNewlines ? c : '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
