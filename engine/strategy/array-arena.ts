/** Lengths whose arrays are kept; the least recently returned length is dropped first. */
const lengthsKept = 8;

/**
 * Float64Arrays handed out by exact length and taken back for reuse. A worker that backtests
 * symbol after symbol recycles its indicator arrays through one arena instead of allocating
 * (and NaN-filling, and collecting) new ones for each symbol. Whoever takes an array must
 * overwrite all of it; the catalog's indicators do. Only a few lengths are kept, so a universe
 * of many different lengths holds no more than a few symbols' worth of arrays.
 */
export class ArrayArena {
  private readonly free = new Map<number, Float64Array[]>();

  take(length: number): Float64Array {
    return this.free.get(length)?.pop() ?? new Float64Array(length);
  }

  /** The arrays must not be read or written after this. */
  give(arrays: readonly Float64Array[]): void {
    for (const array of arrays) {
      const length = array.length;
      const stack = this.free.get(length) ?? [];
      // Deleted and set again: a Map iterates in insertion order, so the first key is the oldest.
      this.free.delete(length);
      if (this.free.size >= lengthsKept) this.free.delete(this.free.keys().next().value!);
      stack.push(array);
      this.free.set(length, stack);
    }
  }
}
