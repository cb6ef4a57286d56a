/**
 * The one catalogue of isauth's errors. Every error isauth raises on purpose is an `IsauthError`
 * with one of these codes; `docs/errors.md` documents each code and a test keeps the two in step.
 * Codes are never reused for another meaning once released.
 */
export const ERROR_CATALOGUE = {
  // --- decoder: untrusted session bytes (src/php/) ---
  DECODE_TRUNCATED: 'the data ends before the value is complete',
  DECODE_SYNTAX: 'unexpected byte',
  DECODE_LENGTH: 'a declared length or count is larger than the bytes left',
  DECODE_NUMBER: 'malformed or out-of-range number',
  DECODE_DEPTH: 'nesting deeper than the configured limit',
  DECODE_REFERENCE: 'a back-reference points to no earlier value',
  DECODE_TRAILING: 'bytes left over after the last value',
  DECODE_KEY: 'an array key of a type PHP does not allow',
  DECODE_UNSUPPORTED: 'a type or format version this decoder does not read',
  DECODE_AMBIGUOUS_REFERENCE: 'a back-reference that a Serializable payload could shift (PHP numbers its inner values by class)',
  DECODE_FORBIDDEN: 'data that would name a class or call code (a pickle GLOBAL/REDUCE…); refused, never run',
  DECODE_SIGNATURE: 'signed session data whose signature does not match any configured key',
  // --- value codecs: what the store's flags say about the bytes (src/value-codec/) ---
  VALUE_FLAGS: 'the stored value has flags (compression or type) isauth does not read',
  VALUE_CORRUPT: 'compressed or encrypted stored data that does not decode',
  VALUE_TOO_LARGE: 'the value would decompress to more than the configured maximum',
  // --- cookie codecs: the session cookie itself (src/cookie-codec/) ---
  COOKIE_MALFORMED: 'a session cookie that is not in the framework\'s format',
  COOKIE_SIGNATURE: 'a session cookie whose MAC or signature matches no configured key',
  COOKIE_EXPIRED: 'a signed session cookie older than the maximum age',
  COOKIE_UNKNOWN_USER: 'a login cookie for a user the database does not have (deleted, renamed)',
  COOKIE_REVOKED: 'a login cookie whose session the application ended (logout, sessions destroyed)',
  // --- a session printed as JSON (src/php/to-json.ts): read access, isauth check, isauth decode ---
  JSON_TOO_LARGE: 'the session\'s JSON would be longer than the limit (16 Mi characters)',
  // --- configuration (src/config/) ---
  CONFIG_INVALID: 'the configuration has problems (each is listed)',
  // --- rules (src/rules/) ---
  RULE_SYNTAX: 'an --auth or --variant expression cannot be parsed',
  RULE_PRESET: 'an unknown @preset name',
  // --- stores (src/stores/) ---
  STORE_URL: 'the store URL cannot be parsed or names an unknown store',
  STORE_TIMEOUT: 'the store did not answer within the deadline',
  STORE_UNAVAILABLE: 'the store cannot be reached',
  STORE_PROTOCOL: 'the store answered something unexpected',
  STORE_TOO_LARGE: 'the stored session is larger than the configured maximum',
  STORE_SCHEMA: 'the SQL table cannot be read as the store URL says (a missing column, a time column whose type contradicts clock=)',
  // --- the service (src/http/, src/serve/) ---
  LISTEN_ADDRESS: 'the listen address cannot be used (a file that is not a socket, another live process)',
  // --- command line (src/cli/) ---
  CLI_USAGE: 'unknown subcommand or bad arguments',
  CLI_INPUT: 'the input file cannot be read',
  // --- isauth init (src/init/) ---
  INIT_APP: 'the application, or a setting isauth needs from it, cannot be recognised',
  INIT_COMMAND: "the application's own tool (php, bin/console, manage.py) failed or was not run",
  // --- anything else ---
  INTERNAL: 'an unexpected failure inside isauth (a bug): answered bypass',
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class IsauthError extends Error {
  override readonly name: string = 'IsauthError';
  constructor(
    readonly code: ErrorCode,
    message?: string,
    options?: { cause?: unknown },
  ) {
    super(message ?? ERROR_CATALOGUE[code], options);
  }
}

/**
 * The session REFERENCE itself is refused by a stage after the store, once the stored data shows
 * the cookie forged, expired or revoked (WordPress's HMAC needs the user's password hash from the
 * row; a token no longer among the user's sessions). The runner answers `anon`, exactly like a
 * cookie codec's rejection, and counts the code in `isauth_cookie_rejections_total`. Codes:
 * COOKIE_*.
 */
export class RejectedError extends IsauthError {
  override readonly name = 'RejectedError';
}

/** An error in untrusted session bytes, with the byte offset where decoding stopped. */
export class DecodeError extends IsauthError {
  constructor(
    code: ErrorCode,
    readonly offset: number,
    detail?: string,
  ) {
    super(code, `${code} at byte ${offset}: ${detail ?? ERROR_CATALOGUE[code]}`);
  }
}
