/**
 * A dendrogram as SciPy's `linkage` returns it: merge k joins clusters `left[k]` and
 * `right[k]` (ids below n are assets; merge k creates id n + k) at `height[k]`, `left < right`.
 */
export interface Linkage {
  left: Int32Array;
  right: Int32Array;
  height: Float64Array;
}

/** Correlation distance √((1 − ρ_ij)/2) from a covariance (row-major n x n): 0 for ρ = 1, 1 for ρ = −1. */
export function correlationDistance(covariance: Float64Array, n: number): Float64Array {
  const distance = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const scale = Math.sqrt(covariance[i * n + i]! * covariance[j * n + j]!);
      const rho = i === j ? 1 : scale > 0 ? covariance[i * n + j]! / scale : 0;
      distance[i * n + j] = Math.sqrt(Math.max(0, (1 - rho) / 2));
    }
  return distance;
}

/**
 * Single-linkage clustering as SciPy does it (`mst_single_linkage`): Prim's minimum spanning
 * tree from asset 0 (ties to the lower index), its edges sorted stably by length, merged with a
 * union-find, each merge naming the lower cluster id first. O(n²).
 */
export function singleLinkage(distance: Float64Array, n: number): Linkage {
  const inTree = new Uint8Array(n);
  const nearest = new Float64Array(n).fill(Infinity);
  const edgeFrom = new Int32Array(n);
  const edges: { a: number; b: number; length: number }[] = [];
  let current = 0;
  for (let step = 0; step < n - 1; step++) {
    inTree[current] = 1;
    let next = -1;
    let best = Infinity;
    for (let j = 0; j < n; j++) {
      if (inTree[j]) continue;
      const length = distance[current * n + j]!;
      if (length < nearest[j]!) {
        nearest[j] = length;
        edgeFrom[j] = current;
      }
      if (nearest[j]! < best) {
        best = nearest[j]!;
        next = j;
      }
    }
    edges.push({ a: edgeFrom[next]!, b: next, length: best });
    current = next;
  }
  edges.sort((x, y) => x.length - y.length);
  const parent = Int32Array.from({ length: 2 * n - 1 }, (_, i) => i);
  const root = (id: number): number => {
    while (parent[id] !== id) id = parent[id] = parent[parent[id]!]!;
    return id;
  };
  const linkage: Linkage = {
    left: new Int32Array(n - 1),
    right: new Int32Array(n - 1),
    height: new Float64Array(n - 1),
  };
  edges.forEach(({ a, b, length }, k) => {
    const ra = root(a);
    const rb = root(b);
    linkage.left[k] = Math.min(ra, rb);
    linkage.right[k] = Math.max(ra, rb);
    linkage.height[k] = length;
    parent[ra] = parent[rb] = n + k;
  });
  return linkage;
}

/** The assets in dendrogram order (left before right from the root): similar ones adjacent. */
export function quasiDiagonalOrder(linkage: Linkage, n: number): Int32Array {
  const order = new Int32Array(n);
  if (n === 1) return order;
  const stack = [2 * n - 2];
  let count = 0;
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id < n) order[count++] = id;
    else stack.push(linkage.right[id - n]!, linkage.left[id - n]!);
  }
  return order;
}

/**
 * Weights (summing to 1) by recursive bisection of the ordered assets: each range splits into
 * halves by count, and the halves share their parent's weight in inverse proportion to their
 * inverse-variance portfolio's variance (alpha = 1 − V₀/(V₀ + V₁)).
 */
export function recursiveBisection(
  covariance: Float64Array,
  n: number,
  order: Int32Array,
): Float64Array {
  const weights = new Float64Array(n).fill(1);
  const ranges: [number, number][] = [[0, n]];
  while (ranges.length > 0) {
    const [start, end] = ranges.pop()!;
    if (end - start < 2) continue;
    const middle = start + Math.floor((end - start) / 2);
    const leftVariance = inverseVarianceVariance(covariance, n, order, start, middle);
    const rightVariance = inverseVarianceVariance(covariance, n, order, middle, end);
    const alpha = 1 - leftVariance / (leftVariance + rightVariance);
    for (let k = start; k < middle; k++) weights[order[k]!]! *= alpha;
    for (let k = middle; k < end; k++) weights[order[k]!]! *= 1 - alpha;
    ranges.push([start, middle], [middle, end]);
  }
  return weights;
}

/** The variance of the inverse-variance portfolio of order[start..end). */
function inverseVarianceVariance(
  covariance: Float64Array,
  n: number,
  order: Int32Array,
  start: number,
  end: number,
): number {
  let norm = 0;
  for (let k = start; k < end; k++) norm += 1 / covariance[order[k]! * (n + 1)]!;
  let variance = 0;
  for (let a = start; a < end; a++) {
    const i = order[a]!;
    const wi = 1 / covariance[i * (n + 1)]! / norm;
    for (let b = start; b < end; b++) {
      const j = order[b]!;
      variance += wi * (covariance[i * n + j]! / covariance[j * (n + 1)]! / norm);
    }
  }
  return variance;
}

/**
 * Hierarchical risk parity (López de Prado, "Building diversified portfolios that outperform
 * out of sample", Journal of Portfolio Management 42(4), 2016): single-linkage tree of the
 * correlation distance √((1 − ρ)/2), quasi-diagonalisation, recursive bisection. The paper's
 * code hands the distance matrix to SciPy's linkage as observations, which clusters the
 * Euclidean distances between its columns; this clusters the correlation distance itself, as
 * PyPortfolioOpt and Riskfolio-Lib do. Weights sum to 1.
 */
export function hierarchicalRiskParity(covariance: Float64Array, n: number) {
  const linkage = singleLinkage(correlationDistance(covariance, n), n);
  const order = quasiDiagonalOrder(linkage, n);
  return { weights: recursiveBisection(covariance, n, order), order, linkage };
}
