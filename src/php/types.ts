/**
 * The decoded form of PHP values. Every decoder (php, php_binary, php_serialize, igbinary)
 * produces this model; rules and the JSON mapping consume it.
 *
 * - `null`, `boolean` map directly.
 * - PHP int → `number` when it is a safe integer, `bigint` otherwise (64-bit values stay exact).
 * - PHP float → `PhpFloat` (kept apart from ints so `d:1;` and `i:1;` stay distinguishable).
 * - PHP string → JS `string` when the bytes are valid UTF-8, `PhpBytes` otherwise.
 * - PHP array → `Map` in PHP's order; int keys as `number` (or `bigint` beyond 2^53),
 *   string keys as `string` (`PhpBytes` for keys that are not valid UTF-8). A `Map` means keys
 *   such as `__proto__` are plain data.
 * - PHP object → `PhpObject`, properties keyed by their raw (mangled) name.
 * - `C:` (Serializable) → `PhpSerializable`; `E:` enum case → `PhpEnum`.
 * - References (`R:`/`r:`) resolve to the same JS value, so cycles are possible.
 */

export class PhpFloat {
  constructor(readonly value: number) {}
}

export class PhpBytes {
  constructor(readonly bytes: Uint8Array) {}
}

export type PhpKey = number | bigint | string | PhpBytes;

export type PhpArray = Map<PhpKey, PhpValue>;

export class PhpObject {
  constructor(
    readonly className: string,
    /** Raw property names: public `name`, protected `\0*\0name`, private `\0Class\0name`. */
    readonly props: Map<string, PhpValue>,
  ) {}
}

export class PhpSerializable {
  constructor(
    readonly className: string,
    /** The payload between the braces of `C:…:{…}`, as raw bytes. */
    readonly data: Uint8Array,
  ) {}
}

export class PhpEnum {
  constructor(
    readonly className: string,
    readonly caseName: string,
  ) {}
}

export type PhpValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | PhpFloat
  | PhpBytes
  | PhpArray
  | PhpObject
  | PhpSerializable
  | PhpEnum;

/** A decoded session: the variables of `$_SESSION` in order. */
export type PhpSession = PhpArray;

export type SerializerName = 'php' | 'php_binary' | 'php_serialize' | 'igbinary';
export const SERIALIZERS: readonly SerializerName[] = ['php', 'php_binary', 'php_serialize', 'igbinary'];

/** The unmangled name of an object property (`\0*\0x` and `\0Cls\0x` → `x`). */
export function unmangle(name: string): string {
  if (name.charCodeAt(0) !== 0) return name;
  const end = name.indexOf('\0', 1);
  return end < 0 ? name : name.slice(end + 1);
}
