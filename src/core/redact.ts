/**
 * Secrets never reach output. Every message that shows a connection string goes through
 * {@link redactUrl}; every driver error message through {@link redactSecrets}.
 */

/** `postgres://alice:s3cret@db/app` → `postgres://alice:***@db/app`. Leaves non-URLs unchanged. */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, '$1:***@')
    .replace(/([?&](?:password|sslpassword|sslkey)=)[^&#]*/gi, '$1***');
}

/** Removes each given secret (and any URL password) from a message. */
export function redactSecrets(
  message: string,
  secrets: readonly (string | undefined)[] = [],
): string {
  let out = message.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@/?#\s]*@/gi, '$1:***@');
  for (const secret of secrets) {
    if (secret && secret.length >= 3) out = out.split(secret).join('***');
  }
  return out;
}
