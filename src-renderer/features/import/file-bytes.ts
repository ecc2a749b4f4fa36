/**
 * Files in and out of the renderer as base64, the way the contract carries them. A day's DMS
 * export can be tens of megabytes: bytes are encoded in slices (never one giant apply() or spread,
 * which overflows the call stack), and the event loop gets a turn every few megabytes so the page
 * keeps answering while a big file is read.
 */

/** A multiple of 3, so the base64 of each slice can simply be concatenated. */
const SLICE = 3 * 16_384;
/** Bytes per String.fromCharCode call: well under any engine's argument limit. */
const CHARS_PER_CALL = 8_192;
const YIELD_EVERY = 4 * 1024 * 1024;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export async function bytesToBase64(bytes: Uint8Array, onProgress?: (fraction: number) => void): Promise<string> {
  const parts: string[] = [];
  let sinceYield = 0;
  for (let start = 0; start < bytes.length; start += SLICE) {
    const slice = bytes.subarray(start, Math.min(start + SLICE, bytes.length));
    let binary = '';
    for (let i = 0; i < slice.length; i += CHARS_PER_CALL) {
      binary += String.fromCharCode(...slice.subarray(i, Math.min(i + CHARS_PER_CALL, slice.length)));
    }
    parts.push(btoa(binary));
    sinceYield += slice.length;
    if (sinceYield >= YIELD_EVERY) {
      sinceYield = 0;
      onProgress?.(start / bytes.length);
      await nextTurn();
    }
  }
  onProgress?.(1);
  return parts.join('');
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Reads a chosen or dropped file; `onProgress` gets 0..1 over reading and encoding together. */
export function readFileAsBase64(file: File, onProgress?: (fraction: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.((e.loaded / e.total) * 0.5);
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.onload = () => {
      // Not `instanceof ArrayBuffer`: the buffer may come from another realm (a test's DOM).
      const buffer = reader.result;
      if (buffer === null || typeof buffer === 'string') {
        reject(new Error('read failed'));
        return;
      }
      bytesToBase64(new Uint8Array(buffer), (f) => onProgress?.(0.5 + f * 0.5)).then(resolve, reject);
    };
    reader.readAsArrayBuffer(file);
  });
}

const MIME_BY_EXTENSION: Record<string, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  pdf: 'application/pdf',
};

/** Hands bytes from the archive to the browser's (or Electron's) download, under the given name. */
export function downloadBase64(fileName: string, base64: string): void {
  const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
  const blob = new Blob([base64ToBytes(base64)], { type: MIME_BY_EXTENSION[extension] ?? 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
