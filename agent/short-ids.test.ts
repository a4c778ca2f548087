import { describe, expect, it } from "vitest";
import { expandShortIds, shortIdsIn } from "./short-ids.ts";

const full = (prefix: string) => prefix + "0".repeat(64 - prefix.length);

describe("short strategy ids", () => {
  it("finds ids as replies shorten them, and nothing else", () => {
    expect(shortIdsIn("validate strategy 23d7f2304a5a… and 9f00aa11 please")).toEqual([
      "23d7f2304a5a",
      "9f00aa11",
    ]);
    expect(shortIdsIn("explain 23d7f2304a5a. then 23d7f2304a5a...")).toEqual(["23d7f2304a5a"]);
    for (const text of [
      "backtest 6f4f185c-d604-45f2-887c-e3375e2387c1", // a backtest's UUID
      "a feed at https://example.com/feed/5f3a9b2c1d", // part of a URL
      "with $10000000 since 20240101", // numbers and dates: no letter
      "deadbeefcafe", // no digit
      "23d7f23", // too short
      "23D7F2304A5A", // ids are lowercase; Slack's user ids are not
      full("ab12"), // already whole
      "x23d7f2304a5a and 23d7f2304a5ax", // inside a word
      "cancel order d213acbe", // an order's id, which cancel_order takes by its start
      "reject approval 1c93d7f7b28c",
      "cancel alert be8c544e", // a price alert's id, which cancel_price_alert takes by its start
    ])
      expect(shortIdsIn(text), text).toEqual([]);
  });

  it("writes each out in full, or names the one that matches none or several", () => {
    const strategies = [
      { id: full("23d7f2304a5a"), name: "EMA 10/30 crossover" },
      { id: full("23d7f2304b77"), name: "EMA 18/33 crossover" },
    ];
    expect(expandShortIds("validate 23d7f2304a5a… since 2020", strategies)).toEqual({
      text: `validate ${full("23d7f2304a5a")} since 2020`,
    });
    expect(expandShortIds("validate 23d7f230", strategies)).toEqual({
      problem:
        "23d7f230 starts the ids of 2 strategies (EMA 10/30 crossover, 23d7f2304a5a…; EMA 18/33 crossover, 23d7f2304b77…): give more of its digits.",
    });
    expect(expandShortIds("validate 99aa99aa", strategies)).toEqual({
      problem:
        'No stored strategy\'s id starts with 99aa99aa: "list my strategies" shows them with their ids.',
    });
  });
});
