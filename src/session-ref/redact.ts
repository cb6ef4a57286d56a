/** A session reference shortened for logs: never log a full id (or a whole signed cookie). */
export function redactId(id: string): string {
  return id.length <= 4 ? '****' : `${id.slice(0, 4)}…(${id.length})`;
}
