/** Row pairs (ia[k], ib[k]) where the two timestamp columns hold the same time, in order: a merge join. */
export function joinTimes(
  a: Float64Array,
  b: Float64Array,
  ia: Int32Array,
  ib: Int32Array,
): number {
  let i = 0;
  let j = 0;
  let count = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      ia[count] = i++;
      ib[count++] = j++;
    } else if (x < y) i++;
    else j++;
  }
  return count;
}
