/**
 * Parses a request target without trusting it: only origin-form targets ("/path?query") are
 * served, and the base is fixed so a crafted Host header or a "//host" target can neither throw
 * nor change what is parsed. Undefined means the request gets a 400.
 */
export function parseRequestTarget(target: string | undefined): URL | undefined {
  if (target === undefined || !target.startsWith('/')) return undefined;
  try {
    return new URL(`http://studio.invalid${target}`);
  } catch {
    return undefined;
  }
}

/** decodeURIComponent throws URIError on a malformed escape ("/%E0%A4%A"); that is the client's 400, not a crash. */
export function decodePathname(pathname: string): string | undefined {
  try {
    const decoded = decodeURIComponent(pathname);
    // A NUL byte would reach the file system calls, which throw on it.
    return decoded.includes('\0') ? undefined : decoded;
  } catch {
    return undefined;
  }
}
