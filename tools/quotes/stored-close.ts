import type { Store } from "../ports/store.ts";

/** A symbol's latest stored daily close and its bar's time. */
export interface StoredClose {
  price: number;
  atMs: number;
}

/** Each symbol's latest stored daily close (absent for a symbol without daily bars). */
export async function latestStoredCloses(
  store: Pick<Store, "listSymbols" | "requestBars">,
  symbols: readonly string[],
): Promise<Map<string, StoredClose>> {
  const daily = new Map((await store.listSymbols("1d")).map((row) => [row.symbol, row.lastMs]));
  const closes = new Map<string, StoredClose>();
  // Side by side: a PostgreSQL server answers them at once (PGlite in turn).
  await Promise.all(
    symbols.map(async (symbol) => {
      const lastMs = daily.get(symbol);
      if (lastMs === undefined) return;
      const bars = await store.requestBars(symbol, "1d", { startMs: lastMs, endMs: lastMs });
      const price = bars?.close.at(-1);
      if (price !== undefined) closes.set(symbol, { price, atMs: bars!.timestampMs.at(-1)! });
    }),
  );
  return closes;
}
