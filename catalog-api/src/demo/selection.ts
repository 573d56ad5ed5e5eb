/**
 * How `scale` turns into item counts. Each collection lists far more candidate observations than
 * it needs, grouped by basin and ordered by priority; the first `n` are taken round-robin so
 * every basin gets its share at any scale, and a basin's list is consumed in its own order.
 */

/** Item count for a collection: proportional to `scale`, at least one. */
export function scaledCount(base: number, scale: number): number {
  return Math.max(1, Math.round(base * scale));
}

/** Yields one element per non-exhausted group per round, pulling each group lazily. */
export function* interleave<T>(groups: readonly Iterable<T>[]): Generator<T> {
  let active = groups.map((group) => group[Symbol.iterator]());
  while (active.length > 0) {
    const stillActive: Iterator<T>[] = [];
    for (const iterator of active) {
      const next = iterator.next();
      if (next.done) continue;
      yield next.value;
      stillActive.push(iterator);
    }
    active = stillActive;
  }
}

/**
 * Takes up to `n` elements round-robin from the groups. Candidates a small scale never reaches
 * are never computed, since groups are consumed lazily.
 */
export function takeRoundRobin<T>(groups: readonly Iterable<T>[], n: number): T[] {
  const taken: T[] = [];
  if (n <= 0) return taken;
  for (const value of interleave(groups)) {
    taken.push(value);
    if (taken.length >= n) break;
  }
  return taken;
}

/** An iterable computed only when first iterated. */
export function lazy<T>(make: () => Iterable<T>): Iterable<T> {
  return {
    *[Symbol.iterator]() {
      yield* make();
    },
  };
}

/**
 * Reorders a list along a line (e.g. stations along a river) so that every prefix is spread
 * evenly over it: the golden-ratio low-discrepancy sequence picks the next position.
 */
export function spreadOrder<T>(values: readonly T[]): T[] {
  const golden = (Math.sqrt(5) - 1) / 2;
  const remaining = values.map((value, index) => ({ value, index }));
  const ordered: T[] = [];
  let x = 0.5;
  while (remaining.length > 0) {
    const target = x * values.length;
    let best = 0;
    for (let i = 1; i < remaining.length; i++) {
      if (Math.abs(remaining[i]!.index - target) < Math.abs(remaining[best]!.index - target))
        best = i;
    }
    ordered.push(remaining[best]!.value);
    remaining.splice(best, 1);
    x = (x + golden) % 1;
  }
  return ordered;
}
