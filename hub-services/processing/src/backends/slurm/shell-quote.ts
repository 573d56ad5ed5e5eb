/**
 * One word for a POSIX shell, whatever it contains: single quotes around it, and each single
 * quote inside written as '\'' (close, escaped quote, reopen). Plain words stay as they are,
 * so scripts remain readable.
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
