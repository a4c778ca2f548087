import type { Store } from "../../tools/ports/store.ts";

/** The same store, whose close() also releases what the test set up around it. */
export function withCleanup(store: Store, cleanup: () => Promise<void>): Store {
  return {
    writeBars: (timeframe, series) => store.writeBars(timeframe, series),
    requestBars: (symbol, timeframe, range) => store.requestBars(symbol, timeframe, range),
    listSymbols: (timeframe) => store.listSymbols(timeframe),
    saveStrategy: (strategy) => store.saveStrategy(strategy),
    requestStrategy: (id) => store.requestStrategy(id),
    saveBacktest: (record) => store.saveBacktest(record),
    requestBacktest: (id) => store.requestBacktest(id),
    async close() {
      await store.close();
      await cleanup();
    },
  };
}
