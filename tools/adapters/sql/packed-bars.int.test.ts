import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BarSeries } from "../../../engine/types.ts";
import { createTestClient } from "../../../test/support/pglite.ts";
import type { PgliteClient } from "../pglite/client.ts";
import { readBarsPacked } from "./packed-bars.ts";
import { SqlStore } from "./store.ts";

const n = 1000;
const start = Date.UTC(2024, 0, 2, 14, 30);
// Prices whose text forms are awkward: they must read back bit for bit.
const close = Float64Array.from(
  { length: n },
  (_, i) => 0.1 + 0.2 + i * 1.000000000000001 + 1e-9 / (i + 1),
);
const bars: BarSeries = {
  symbol: "PACK",
  timestampMs: Float64Array.from({ length: n }, (_, i) => start + i * 60_000),
  open: close,
  high: close.map((value) => value * 1.01),
  low: close.map((value) => value / 1.01),
  close,
  volume: close.map((_, i) => i * 3.3),
};

let client: PgliteClient;
beforeAll(async () => {
  client = await createTestClient();
  await new SqlStore(client).writeBars("1m", [bars]);
});
afterAll(async () => {
  await client.close();
});

describe("packed bar reads on PGlite", () => {
  it("reads every page back exactly, in time order", async () => {
    const read = await readBarsPacked(client, "PACK", "1m", {}, 64);
    for (const field of ["timestampMs", "open", "high", "low", "close", "volume"] as const)
      expect(Array.from(read![field])).toEqual(Array.from(bars[field]));
  });

  it("honours an inclusive range across page edges", async () => {
    const read = await readBarsPacked(
      client,
      "PACK",
      "1m",
      { startMs: bars.timestampMs[100]!, endMs: bars.timestampMs[300]! },
      64,
    );
    expect(read!.timestampMs.length).toBe(201);
    expect(read!.close[0]).toBe(close[100]);
    expect(read!.close[200]).toBe(close[300]);
  });

  it("answers undefined when nothing matches", async () => {
    expect(await readBarsPacked(client, "NONE", "1m", {}, 64)).toBeUndefined();
    expect(await readBarsPacked(client, "PACK", "1d", {}, 64)).toBeUndefined();
  });
});
