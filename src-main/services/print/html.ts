/**
 * Print templates escape late: every value interpolated into `html\`...\`` is escaped where it
 * enters the HTML, so customer text (a name, an address, a note) always prints as text. Only a
 * fragment marked with `raw()` (or built by `html` itself) goes in as markup; variables holding
 * such fragments say so in their name (`rowsHtml`).
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** Markup that is trusted as is: built by `html`, or a constant of ours. */
export class RawHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Marks a trusted fragment (never customer data). */
export function raw(value: string): RawHtml {
  return new RawHtml(value);
}

/** What may be interpolated: text (escaped), trusted markup, or lists of them (joined). */
export type HtmlValue = string | number | boolean | null | undefined | RawHtml | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof RawHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: escapes every interpolated value; `null`, `undefined` and `false` print nothing. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): RawHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new RawHtml(out);
}
