import { candles, day } from "../../engine/simulate/test-bars.ts";
import type { Store } from "../../tools/ports/store.ts";

/**
 * Four days of AAA from 2024-01-01 with a 4:1 split on the third: raw closes 100, 104, 26, 26;
 * back-adjusted, the first two days' prices are divided by 4 and their volumes multiplied by 4.
 */
export async function writeSplitAaa(store: Store): Promise<void> {
  await store.writeBars("1d", [
    candles("AAA", [
      [100, 102, 98, 100],
      [100, 104, 99, 104],
      [26, 27, 25, 26],
      [26, 26.5, 25.5, 26],
    ]),
  ]);
  await store.writeCorporateActions([
    { symbol: "AAA", kind: "split", exDateMs: day(2) - (day(2) % 86_400_000), ratio: 4 },
  ]);
}
