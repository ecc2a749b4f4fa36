/**
 * Number of pages of a PDF as Chromium writes it (plain objects, no object streams): the page
 * objects are counted; the page tree's root /Count is the fallback for other writers.
 */
export function pdfPageCount(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  const pages = text.match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
  if (pages > 0) return pages;
  let count = 0;
  for (const m of text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g))
    count = Math.max(count, Number(m[1] ?? m[2]));
  return count;
}
