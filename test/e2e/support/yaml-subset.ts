/**
 * Parses the small YAML subset docker-compose.yml is written in (no dependency):
 * block mappings (`key:` / `key: value`), block sequences of scalars (`- value`), flow
 * sequences of scalars (`["a", "b"]`), plain or double-quoted scalars, `#` comments, empty
 * values (null). Anything else throws, so the file cannot drift outside what is checked.
 */
export type Yaml = string | null | Yaml[] | { [key: string]: Yaml };

interface Line {
  indent: number;
  text: string;
  no: number;
}

function scalar(raw: string, no: number): string {
  const t = raw.trim();
  if (t.startsWith('"')) {
    if (!t.endsWith('"') || t.length < 2) throw new Error(`line ${no}: unterminated string`);
    return JSON.parse(t) as string;
  }
  if (/^['&*!|>{[]/.test(t)) throw new Error(`line ${no}: unsupported YAML: ${t}`);
  return t;
}

function value(raw: string, no: number): Yaml {
  const t = raw.trim();
  if (t === '') return null;
  if (t.startsWith('[')) {
    if (!t.endsWith(']')) throw new Error(`line ${no}: unterminated flow sequence`);
    return JSON.parse(t) as string[]; // flow sequences are written JSON-compatible
  }
  return scalar(t, no);
}

function stripComment(s: string): string {
  let inStr = false;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"' && s[i - 1] !== '\\') inStr = !inStr;
    if (s[i] === '#' && !inStr && (i === 0 || s[i - 1] === ' ')) return s.slice(0, i);
  }
  return s;
}

function block(lines: Line[], start: number, indent: number): [Yaml, number] {
  const first = lines[start];
  if (!first || first.indent < indent) return [null, start];
  if (first.text.startsWith('- ') || first.text === '-') {
    const list: Yaml[] = [];
    let i = start;
    while (i < lines.length && lines[i]!.indent === first.indent && lines[i]!.text.startsWith('- ')) {
      list.push(value(lines[i]!.text.slice(2), lines[i]!.no));
      i++;
    }
    return [list, i];
  }
  const map: { [key: string]: Yaml } = {};
  let i = start;
  while (i < lines.length && lines[i]!.indent === first.indent) {
    const { text, no } = lines[i]!;
    const m = /^([A-Za-z0-9_.-]+):(?: (.*))?$/.exec(text);
    if (!m?.[1]) throw new Error(`line ${no}: expected "key:" — ${text}`);
    if (m[1] in map) throw new Error(`line ${no}: duplicate key ${m[1]}`);
    const rest = (m[2] ?? '').trim();
    if (rest !== '') {
      map[m[1]] = value(rest, no);
      i++;
    } else {
      const next = lines[i + 1];
      if (next && next.indent > first.indent) [map[m[1]], i] = block(lines, i + 1, next.indent);
      else [map[m[1]], i] = [null, i + 1];
    }
  }
  if (i < lines.length && lines[i]!.indent > first.indent) throw new Error(`line ${lines[i]!.no}: bad indentation`);
  return [map, i];
}

export function parseYamlSubset(text: string): Yaml {
  const lines: Line[] = [];
  text.split('\n').forEach((raw, idx) => {
    if (raw.includes('\t')) throw new Error(`line ${idx + 1}: tab`);
    const s = stripComment(raw).trimEnd();
    if (s.trim() === '') return;
    lines.push({ indent: s.length - s.trimStart().length, text: s.trim(), no: idx + 1 });
  });
  const [doc, end] = block(lines, 0, 0);
  if (end !== lines.length) throw new Error(`line ${lines[end]?.no}: unexpected content`);
  return doc;
}
