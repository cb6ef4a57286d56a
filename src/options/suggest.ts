/** Levenshtein distance, for "did you mean" hints on unknown flags, keys, env vars and store schemes. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The candidate closest to `given` (case aside), within a third of its length; else undefined. */
export function closest(given: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(given.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(given.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

/** ` (did you mean X?)` for the closest candidate within a third of the length, else ''. */
export function didYouMean(given: string, candidates: readonly string[]): string {
  const best = closest(given, candidates);
  return best === undefined ? '' : ` (did you mean ${best}?)`;
}
