import iconv from 'iconv-lite';

/**
 * Bytes of DMS-like export files for the import tests, built in the test: Chinese DMS software
 * writes CSV in GBK, which the browser cannot encode by itself.
 */
export function encodeCsv(text: string, encoding: 'gbk' | 'gb18030' | 'utf-8' = 'gbk'): Uint8Array {
  return new Uint8Array(iconv.encode(text, encoding));
}
