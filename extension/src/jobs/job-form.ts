/** What the Jobs form sends and shows, apart from React: values by schema, result links. */
import { type InputDescription, type JobStatusInfo, RESULT_ITEM_REL } from './types.js';

/** Where a finished job's results were registered in the catalog, if they were. */
export function resultItemUrl(job: JobStatusInfo | undefined): string | undefined {
  return job?.links?.find((l) => l.rel === RESULT_ITEM_REL)?.href;
}

/** A form value as the process's schema wants it: a number, a flag, a list of URLs, a text. */
export function inputValue(input: InputDescription, raw: string, item?: string): unknown {
  if (isNumeric(input)) return Number(raw);
  if (input.schema.type === 'boolean') return raw === 'true';
  if (input.schema.type === 'array') return raw.split(/[\s,]+/).filter(Boolean);
  if (isFile(input) && item) return { href: raw, 'styx:item': item };
  return raw;
}

export function isNumeric(input: InputDescription): boolean {
  return input.schema.type === 'number' || input.schema.type === 'integer';
}

export function isFile(input: InputDescription): boolean {
  return typeof input.schema.contentMediaType === 'string';
}

/** A folder input (CWL Directory): a list of file URLs. */
export function isFolder(input: InputDescription): boolean {
  return input.schema.type === 'array';
}
