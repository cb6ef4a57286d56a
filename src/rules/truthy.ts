import { PhpBytes, PhpFloat, type PhpValue } from '../php/types.js';

/**
 * PHP's truthiness, as `(bool)$value` / `if ($value)` decide it (PHP 8):
 * false for `null`, `false`, int `0`, float `0.0` and `-0.0`, the strings `""` and `"0"`, and the
 * empty array; true for everything else — including `NAN`, `"0.0"`, `" "`, `"00"`, every object
 * (even one without properties), Serializable payloads and enum cases.
 */
export function isTruthy(value: PhpValue): boolean {
  if (value === null) return false;
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      return value !== 0;
    case 'bigint':
      return value !== 0n;
    case 'string':
      return value !== '' && value !== '0';
    default:
      break;
  }
  if (value instanceof Map) return value.size > 0;
  if (value instanceof PhpFloat) return value.value !== 0; // NaN !== 0, so NAN is true, as in PHP
  if (value instanceof PhpBytes) {
    const b = value.bytes;
    return !(b.length === 0 || (b.length === 1 && b[0] === 0x30));
  }
  return true; // PhpObject, PhpSerializable, PhpEnum
}
