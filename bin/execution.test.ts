import { describe, expect, it } from "vitest";
import { LiveBarPrices } from "../tools/adapters/prices/live-bar-prices.ts";
import { ReplayPrices } from "../tools/adapters/prices/replay-prices.ts";
import type { SqlClient } from "../tools/adapters/sql/client.ts";
import type { Store } from "../tools/ports/store.ts";
import { readConfig } from "./config.ts";
import { brokerFromConfig } from "./execution.ts";

const alpaca = { APCA_API_KEY_ID: "k", APCA_API_SECRET_KEY: "s" };
// Nothing is read from them: building the broker and its prices touches no database or network.
const database = { store: {} as Store, client: {} as SqlClient };

describe("brokerFromConfig: the paper broker's prices", () => {
  it("replays stored closes without Alpaca keys, and fills from live bars with them", async () => {
    const replay = await brokerFromConfig(readConfig({}), database);
    expect(replay.prices).toBeInstanceOf(ReplayPrices);
    expect(replay.tasks ?? []).toEqual([]);

    const live = await brokerFromConfig(readConfig(alpaca), database);
    expect(live.broker?.name).toBe("paper-sim");
    expect(live.prices).toBeInstanceOf(LiveBarPrices);
    expect(live.prices?.name).toMatch(/^Alpaca live minute bars \(iex/);
    expect(live.tasks?.map((task) => task.name)).toEqual(["paper-resting-orders"]);
  });

  it("honours PAPER_PRICES, and refuses live prices without the keys", async () => {
    const chosen = await brokerFromConfig(
      readConfig({ ...alpaca, PAPER_PRICES: "replay" }),
      database,
    );
    expect(chosen.prices).toBeInstanceOf(ReplayPrices);
    expect(() => readConfig({ PAPER_PRICES: "live" })).toThrow(
      /PAPER_PRICES: live fills paper orders from Alpaca's live minute bars: set APCA_API_KEY_ID/,
    );
    expect(() => readConfig({ PAPER_PRICES: "stored" })).toThrow(/PAPER_PRICES/);
    const live = await brokerFromConfig(readConfig({ ...alpaca, PAPER_PRICES: "live" }), database);
    // Nothing was subscribed: closing ends nothing and returns.
    await live.close?.();
  });
});
