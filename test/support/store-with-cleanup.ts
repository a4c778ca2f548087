import type { Store } from "../../tools/ports/store.ts";

/** The same store, whose close() also releases what the test set up around it. */
export function withCleanup(store: Store, cleanup: () => Promise<void>): Store {
  return new Proxy(store, {
    get(target, property) {
      if (property === "close") {
        return async () => {
          await target.close();
          await cleanup();
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
