/**
 * HTML built from template literals, escaping every interpolated value. STAC metadata is written
 * by users (transactions, harvests), so a title or property must never become markup: only what
 * is itself `Html` (built here, or `trustedHtml` for constant markup) is inserted as is.
 */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A value inside `html`: markup, text, a number, a list of those, or nothing (null, false). */
export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** `html\`<p>${title}</p>\``: the literal parts are markup, every value is escaped text. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Markup the code itself produced (an SVG built from numbers), never user text. */
export function trustedHtml(markup: string): Html {
  return new Html(markup);
}
