/**
 * Correlation clusters: symbols that move together, grouped by average-linkage agglomeration.
 * Starting from one cluster per symbol, the two clusters with the highest average pairwise
 * correlation merge while that average is at least `threshold`. Undefined correlations (NaN)
 * count as 0. Each cluster is named after its alphabetically first member, so a label is
 * stable as long as its membership is.
 */
export function correlationClusters(
  symbols: readonly string[],
  /** Row-major symbols.length x symbols.length correlations. */
  matrix: ArrayLike<number>,
  threshold = 0.7,
): Map<string, string> {
  const n = symbols.length;
  if (matrix.length !== n * n)
    throw new RangeError(`the matrix has ${matrix.length} entries, ${n} symbols need ${n * n}`);
  const at = (i: number, j: number) => {
    const value = matrix[i * n + j]!;
    return Number.isFinite(value) ? value : 0;
  };
  let clusters = symbols.map((_, index) => [index]);
  for (;;) {
    let best = -Infinity;
    let pair: [number, number] | undefined;
    for (let a = 0; a < clusters.length; a++)
      for (let b = a + 1; b < clusters.length; b++) {
        let sum = 0;
        for (const i of clusters[a]!) for (const j of clusters[b]!) sum += at(i, j);
        const average = sum / (clusters[a]!.length * clusters[b]!.length);
        if (average > best) [best, pair] = [average, [a, b]];
      }
    if (!pair || best < threshold) break;
    const [a, b] = pair;
    clusters = [
      ...clusters.filter((_, index) => index !== a && index !== b),
      [...clusters[a]!, ...clusters[b]!],
    ];
  }
  const labels = new Map<string, string>();
  for (const members of clusters) {
    const names = members.map((index) => symbols[index]!).sort();
    for (const name of names) labels.set(name, `cluster:${names[0]!}`);
  }
  return labels;
}
