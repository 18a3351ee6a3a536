// The session cookie, on the whole site (`path=/`). Names and values are
// percent-encoded, so any text is a name or a value. A name is encoded
// exactly as js-cookie encodes it (the characters a cookie name may hold
// stay as they are), so both name the same cookie; values read the same.

const encodeName = (name: string) =>
  encodeURIComponent(name)
    .replace(/%(2[346B]|5E|60|7C)/g, decodeURIComponent)
    .replace(/[()]/g, (c) => '%' + c.charCodeAt(0).toString(16));

/** The value of the first cookie of that name, or undefined. */
export function readCookie(name: string): string | undefined {
  for (const pair of document.cookie.split('; ')) {
    const [key = '', ...value] = pair.split('=');
    try {
      if (decodeURIComponent(key) === name) return decodeURIComponent(value.join('='));
    } catch {
      // Another cookie of the page, not percent-encoded: not ours.
    }
  }
  return undefined;
}

export function writeCookie(name: string, value: string, days: number, secure: boolean): void {
  const expires = new Date(Date.now() + days * 864e5).toUTCString();
  document.cookie = `${encodeName(name)}=${encodeURIComponent(value)}; path=/; expires=${expires}; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function removeCookie(name: string): void {
  document.cookie = `${encodeName(name)}=; path=/; expires=${new Date(0).toUTCString()}`;
}
