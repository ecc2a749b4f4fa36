/**
 * Which links the desktop window may hand to the system (shell.openExternal). Pure, so it is
 * unit-tested without Electron.
 *
 * openExternal gives a URL to whatever the OS has registered for its scheme: file:, smb: or a
 * custom handler (ms-msdt:, search-ms:, …) can run programs, and even an https link sends the
 * clerk's PC to a site chosen by whoever wrote the link (a template, an imported note). So only
 * https links to hosts named here are opened, exactly as written (no subdomains, no other port,
 * no user name in the URL); everything else is refused and logged by the caller.
 */

/**
 * Hosts the app links to. ClerkDesk links to nothing outside itself today (it works offline at the
 * counter); a host is added here together with the feature whose link needs it.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [];

export type ExternalLinkDecision =
  | { open: true; url: string }
  | {
      open: false;
      /** Why, in English, for the log (not shown to the clerk). */
      reason: string;
      /** What may be logged of the link: its scheme and host, never its path or query (they may hold personal data). */
      shown: string;
    };

/** Longer than any link the app would ever want to open; beyond it the URL is not even parsed. */
const MAX_URL_LENGTH = 2048;

export function externalLinkDecision(
  url: string,
  allowedHosts: readonly string[] = EXTERNAL_LINK_HOSTS,
): ExternalLinkDecision {
  if (typeof url !== 'string' || url.length === 0) return { open: false, reason: 'empty link', shown: '(empty)' };
  if (url.length > MAX_URL_LENGTH)
    return { open: false, reason: `link longer than ${MAX_URL_LENGTH} characters`, shown: '(too long)' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { open: false, reason: 'not a valid URL', shown: '(invalid)' };
  }
  const shown = parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : parsed.protocol;
  if (parsed.protocol !== 'https:') return { open: false, reason: `scheme ${parsed.protocol} is never opened`, shown };
  if (parsed.username !== '' || parsed.password !== '')
    return { open: false, reason: 'link carries a user name or password', shown };
  if (parsed.port !== '') return { open: false, reason: `port ${parsed.port} is not allowed`, shown };
  const host = parsed.hostname.toLowerCase();
  if (!allowedHosts.some((allowed) => allowed.toLowerCase() === host))
    return { open: false, reason: `host ${host} is not on the allow-list`, shown };
  return { open: true, url: parsed.href };
}
