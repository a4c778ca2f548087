import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateMarket } from "../../engine/synthetic/index.ts";
import { runCli } from "../../test/e2e/run-cli.ts";
import { openStore } from "./open-store.ts";
import { seedHome } from "../../test/support/pglite.ts";

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "alphadesk-lock-"));
  await seedHome(home);
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("the embedded database directory", () => {
  it("is held by one process at a time: a second opener waits, then sees the first one's writes", async () => {
    const first = await openStore({ home });
    const [bars] = generateMarket({ symbols: ["AAA"], years: 1 }).bars;
    await first.writeBars("1d", [bars!]);
    const second = openStore({ home, lockWaitMs: 20_000 });
    let secondOpened = false;
    void second.then(() => (secondOpened = true));
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(secondOpened).toBe(false);
    await first.close();
    const store = await second;
    expect((await store.listSymbols()).map((summary) => summary.symbol)).toEqual(["AAA"]);
    await store.close();
  });

  it("says who holds it when waiting does not help", async () => {
    const first = await openStore({ home });
    await expect(openStore({ home, lockWaitMs: 500 })).rejects.toMatchObject({
      code: "database_busy",
      message: expect.stringMatching(/in use by another alphadesk process .*set DATABASE_URL/),
    });
    await first.close();
  });

  it("keeps every write when command-line imports run at the same time", async () => {
    const csv = (symbol: string) =>
      JSON.stringify({
        csv: `symbol,timestamp,open,high,low,close,volume\n${symbol},2024-01-02,1,2,1,2,10\n`,
      });
    const results = await Promise.all(
      ["AAA", "BBB", "CCC"].map((symbol) =>
        runCli(["tool", "import_bars", csv(symbol)], { ALPHADESK_HOME: home, DATABASE_URL: "" }),
      ),
    );
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const store = await openStore({ home });
    expect((await store.listSymbols()).map((summary) => summary.symbol)).toEqual([
      "AAA",
      "BBB",
      "CCC",
    ]);
    await store.close();
  });
});
