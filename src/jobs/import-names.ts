/** Names in a one-line message: up to ten, quoted, then how many more (kept apart so the command loads it cheaply). */
export function namesText(names: readonly string[]): string {
  const SHOWN = 10;
  return `${names.slice(0, SHOWN).map((n) => JSON.stringify(n)).join(', ')}${names.length > SHOWN ? ` and ${names.length - SHOWN} more` : ''}`;
}
