import { type Html, html } from './html.js';

/**
 * An href that may go into a link or an image on the page: http(s) only, resolved against the
 * document it came from. Anything else (javascript:, data:, s3://, file paths) is shown as text,
 * never made clickable.
 */
export function safeHref(href: unknown, base: string): string | undefined {
  if (typeof href !== 'string') return undefined;
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A STAC property or asset field as readable text: lists joined, objects as compact JSON. */
export function propertyValue(value: unknown): Html {
  if (value === null || value === undefined) return html`<span class="none">none</span>`;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return html`${String(value)}`;
  }
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    return html`${value.map(String).join(', ')}`;
  }
  return html`<code>${JSON.stringify(value)}</code>`;
}

/** An item's time: its datetime, or its start/end range (STAC Item §datetime). */
export function timeOf(properties: Record<string, unknown> | undefined): string {
  const p = properties ?? {};
  const start = p.start_datetime;
  const end = p.end_datetime;
  if (typeof start === 'string' && typeof end === 'string') return `${start} – ${end}`;
  return typeof p.datetime === 'string' ? p.datetime : '';
}

/** A collection's temporal extent as text; an open end is written "open". */
export function intervalText(interval: unknown): string {
  if (!Array.isArray(interval)) return '';
  const [start, end] = interval as unknown[];
  return `${typeof start === 'string' ? start : 'open'} – ${typeof end === 'string' ? end : 'open'}`;
}
