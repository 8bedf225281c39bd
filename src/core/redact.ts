/**
 * Secrets never reach output. Every message that shows a connection string goes through
 * {@link redactUrl}; every driver error message through {@link redactSecrets}.
 */

/** A URL's userinfo password (`scheme://user:PASSWORD@`): the user in $1. */
const USERINFO_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i;

/** `postgres://alice:s3cret@db/app` → `postgres://alice:***@db/app`. Leaves non-URLs unchanged. */
export function redactUrl(url: string): string {
  return url
    .replace(USERINFO_PASSWORD, '$1:***@')
    .replace(/([?&](?:password|sslpassword|sslkey)=)[^&#]*/gi, '$1***');
}

/**
 * `postgres://u:pw@h/db?password=x&sslmode=require` → `postgres://u@h/db?sslmode=require`: the
 * URL without its passwords, for a file people commit.
 */
export function withoutPassword(url: string): string {
  return url
    .replace(USERINFO_PASSWORD, '$1@')
    .replace(/([?&])(?:password|sslpassword)=[^&#]*&?/gi, '$1')
    .replace(/[?&]$/, '');
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
