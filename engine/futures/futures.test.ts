import { describe, expect, it } from "vitest";
import { formatDay, parseDay } from "../calendar/civil-date.ts";
import { EngineDataError, type BarSeries } from "../types.ts";
import {
  contractCode,
  contractsBetween,
  expiryDay,
  parseContractCode,
  rollDay,
  type FuturesRoot,
} from "./contracts.ts";
import { continuousBackAdjusted } from "./continuous.ts";

const expiries = (root: FuturesRoot, contracts: [number, number][]) =>
  contracts.map(([year, month]) => formatDay(expiryDay(root, year, month)));
const rolls = (root: FuturesRoot, contracts: [number, number][]) =>
  contracts.map(([year, month]) => formatDay(rollDay(root, year, month)));
const quarters: [number, number][] = [2024, 2025].flatMap((year) =>
  [3, 6, 9, 12].map((month): [number, number] => [year, month]),
);

describe("contract codes", () => {
  it("formats root, month letter and two-digit year, and parses them back", () => {
    expect(contractCode("MES", 2025, 3)).toBe("MESH25");
    expect(contractCode("M2K", 2024, 12)).toBe("M2KZ24");
    expect(contractCode("MCL", 2025, 1)).toBe("MCLF25");
    expect(contractCode("MGC", 2026, 8)).toBe("MGCQ26");
    expect(parseContractCode("MYMU25")).toEqual({ root: "MYM", year: 2025, month: 9 });
    expect(parseContractCode("M2KZ24")).toEqual({ root: "M2K", year: 2024, month: 12 });
  });

  it("rejects months outside a root's cycle and foreign codes", () => {
    expect(() => contractCode("MES", 2025, 1)).toThrow(/MES has no contract in month 1/);
    expect(() => parseContractCode("MGCK25")).toThrow(/MGC has no contract in month 5/);
    expect(() => parseContractCode("ESH25")).toThrow(RangeError);
    expect(() => parseContractCode("MESH5")).toThrow(RangeError);
  });
});

describe("equity index micros (MES, MNQ, M2K, MYM)", () => {
  it("expire on the third Friday of March, June, September and December (CME calendar)", () => {
    const published = [
      ...["2024-03-15", "2024-06-21", "2024-09-20", "2024-12-20"],
      ...["2025-03-21", "2025-06-20", "2025-09-19", "2025-12-19"],
    ];
    for (const root of ["MES", "MNQ", "M2K", "MYM"] as const)
      expect(expiries(root, quarters)).toEqual(published);
  });

  it("roll eight calendar days before expiry (CME equity index roll dates)", () => {
    // Published by CME (cmegroup.com, "Equity Index Roll Dates"): Sep/Dec 2014; and 2022-2023
    // from a third-party copy of the same table.
    expect(
      rolls("MES", [
        [2014, 9],
        [2014, 12],
      ]),
    ).toEqual(["2014-09-11", "2014-12-11"]);
    expect(
      rolls("MES", [
        [2022, 3],
        [2022, 6],
        [2022, 9],
        [2022, 12],
        [2023, 3],
        [2023, 6],
      ]),
    ).toEqual(["2022-03-10", "2022-06-09", "2022-09-08", "2022-12-08", "2023-03-09", "2023-06-08"]);
    // Third Friday minus 8: the second Thursday, except March 2024, whose 1st was a Friday.
    expect(rolls("MNQ", quarters)).toEqual([
      ...["2024-03-07", "2024-06-13", "2024-09-12", "2024-12-12"],
      ...["2025-03-13", "2025-06-12", "2025-09-11", "2025-12-11"],
    ]);
  });

  it("expire the business day before when the third Friday is a holiday", () => {
    // Good Friday 2008 was 21 March, the third Friday: the March 2008 contracts stopped on the 20th.
    expect(formatDay(expiryDay("MES", 2008, 3))).toBe("2008-03-20");
  });
});

describe("Micro Gold (MGC)", () => {
  // Rule (COMEX, CME notice SER-5391): trading terminates on the third last business day of
  // the contract month. Dates derived by hand from a calendar.
  it("expires on the third-last business day of the contract month", () => {
    expect(
      expiries("MGC", [
        [2024, 6],
        [2024, 12],
        [2025, 2],
        [2025, 4],
      ]),
    ).toEqual([
      "2024-06-26", // 28 Fri, 27 Thu, 26 Wed
      "2024-12-27", // 31 Tue, 30 Mon, 27 Fri
      "2025-02-26", // 28 Fri, 27 Thu, 26 Wed
      "2025-04-28", // 30 Wed, 29 Tue, 28 Mon
    ]);
  });

  it("rolls on the third-last business day of the month before, skipping holidays", () => {
    // March 2024 ends 26 Tue, 27 Wed, 28 Thu, then Good Friday; May 2027 ends with Memorial Day (31st).
    expect(
      rolls("MGC", [
        [2024, 4],
        [2027, 6],
      ]),
    ).toEqual(["2024-03-26", "2027-05-26"]);
  });
});

describe("Micro WTI Crude Oil (MCL)", () => {
  // Rule (CME Micro WTI FAQ): MCL expires one business day before WTI (CL), whose trading
  // terminates 3 business days before the 25th calendar day of the month before the contract
  // month, or 4 business days before it when the 25th is not a business day.
  it("expires one business day before WTI", () => {
    expect(
      expiries("MCL", [
        [2024, 3],
        [2024, 5],
        [2025, 1],
        [2025, 7],
      ]),
    ).toEqual([
      // 25 Feb 2024 is a Sunday: CL stops 4 days before (20 Feb); the day before is Presidents' Day.
      "2024-02-16",
      // 25 Apr 2024 is a Thursday: CL stops on 22 Apr (Mon), MCL on 19 Apr (Fri).
      "2024-04-19",
      // 25 Dec 2024 is Christmas: CL stops on 19 Dec (24, 23, 20, 19), MCL on the 18th.
      "2024-12-18",
      // 25 Jun 2025 is a Wednesday: CL stops on 20 Jun (Fri); 19 Jun is Juneteenth, so MCL on the 18th.
      "2025-06-18",
    ]);
  });

  it("rolls five business days before expiry", () => {
    expect(rolls("MCL", [[2024, 5]])).toEqual(["2024-04-12"]);
  });
});

describe("front contract schedule", () => {
  it("lists quarterly fronts with their spans clipped to the request", () => {
    const schedule = contractsBetween("MES", parseDay("2025-01-01"), parseDay("2025-06-30"));
    expect(
      schedule.map((front) => [
        front.code,
        formatDay(front.fromDay),
        formatDay(front.toDay),
        formatDay(front.rollDay),
        formatDay(front.expiryDay),
      ]),
    ).toEqual([
      ["MESH25", "2025-01-01", "2025-03-13", "2025-03-13", "2025-03-21"],
      ["MESM25", "2025-03-13", "2025-06-12", "2025-06-12", "2025-06-20"],
      ["MESU25", "2025-06-12", "2025-07-01", "2025-09-11", "2025-09-19"],
    ]);
  });

  it("moves MCL to the next month mid-month", () => {
    // MCLM24: CL June stops 21 May 2024 (25 May is a Saturday), MCL on 20 May, roll 5 days earlier on 13 May.
    const schedule = contractsBetween("MCL", parseDay("2024-04-01"), parseDay("2024-05-31"));
    expect(schedule.map((front) => [front.code, formatDay(front.fromDay)])).toEqual([
      ["MCLK24", "2024-04-01"],
      ["MCLM24", "2024-04-12"],
      ["MCLN24", "2024-05-13"],
    ]);
  });

  it("covers one day inside a span with a single contract", () => {
    const day = parseDay("2025-05-01");
    expect(contractsBetween("MGC", day, day)).toMatchObject([
      { code: "MGCM25", fromDay: day, toDay: day + 1 },
    ]);
  });
});

/** Daily bars stamped at 00:00 UTC of their trade date: open = close - 0.5, high/low = close +/- 1. */
function dailyBars(symbol: string, dates: string[], closes: number[], stampHourUtc = 0): BarSeries {
  const close = Float64Array.from(closes);
  return {
    symbol,
    timestampMs: Float64Array.from(
      dates,
      (date) => Date.parse(`${date}T00:00:00Z`) + stampHourUtc * 3_600_000,
    ),
    open: close.map((price) => price - 0.5),
    high: close.map((price) => price + 1),
    low: close.map((price) => price - 1),
    close,
    volume: Float64Array.from(closes, () => 1000),
  };
}

describe("continuous back-adjusted series", () => {
  // Two hand-made contracts over Mon 10 - Fri 14 March 2025; MESH25 rolls to MESM25 on Thu 13.
  const dates = ["2025-03-10", "2025-03-11", "2025-03-12", "2025-03-13", "2025-03-14"];
  const march = [100, 102, 101, 103, 104];
  const june = [110, 112, 111, 114, 115];
  const schedule = contractsBetween("MES", parseDay("2025-03-10"), parseDay("2025-03-14"));
  const contracts = [
    { code: "MESH25", bars: dailyBars("MESH25", dates, march) },
    { code: "MESM25", bars: dailyBars("MESM25", dates, june) },
  ];

  it("adds the roll-day gap to older bars (difference)", () => {
    // Gap on 13 March: 114 - 103 = 11; March bars of 10-12 get +11, June bars of 13-14 unchanged.
    const { bars, rolls } = continuousBackAdjusted(contracts, schedule, "difference");
    expect(bars.symbol).toBe("MES");
    expect([...bars.close]).toEqual([111, 113, 112, 114, 115]);
    expect([...bars.high]).toEqual([112, 114, 113, 115, 116]);
    expect([...bars.open]).toEqual([110.5, 112.5, 111.5, 113.5, 114.5]);
    expect([...bars.volume]).toEqual([1000, 1000, 1000, 1000, 1000]);
    expect([...bars.timestampMs].map((time) => new Date(time).toISOString().slice(0, 10))).toEqual(
      dates,
    );
    expect(rolls).toEqual([
      {
        day: parseDay("2025-03-13"),
        fromCode: "MESH25",
        toCode: "MESM25",
        fromClose: 103,
        toClose: 114,
        adjustment: 11,
        cumulative: 11,
      },
    ]);
  });

  it("multiplies older bars by the roll-day ratio (ratio)", () => {
    // Ratio on 13 March: 114 / 103 = 1.1067961165...; 100, 102, 101 become 110.6796..., 112.8932..., 111.7864...
    const { bars, rolls } = continuousBackAdjusted(contracts, schedule, "ratio");
    const expected = [110.67961165, 112.893203883, 111.786407767, 114, 115];
    [...bars.close].forEach((close, i) => expect(close).toBeCloseTo(expected[i]!, 8));
    expect(bars.low[0]).toBeCloseTo(99 * 1.1067961165, 8);
    expect(rolls[0]!.adjustment).toBeCloseTo(1.1067961165, 9);
  });

  it("assigns bars stamped at the session close (17:00 New York) to the same trade dates", () => {
    // 10-14 March 2025 are in daylight time: 17:00 New York = 21:00 UTC.
    const atClose = contracts.map(({ code }, i) => ({
      code,
      bars: dailyBars(code, dates, i === 0 ? march : june, 21),
    }));
    expect([...continuousBackAdjusted(atClose, schedule, "difference").bars.close]).toEqual([
      111, 113, 112, 114, 115,
    ]);
  });

  it("sums the gaps of later rolls into older segments", () => {
    // Gaps: 13 Mar 114 - 103 = 11, 12 Jun 130 - 121 = 9. MESH25 gets +20, MESM25 +9, MESU25 +0.
    const three = [
      { code: "MESH25", bars: dailyBars("MESH25", ["2025-03-12", "2025-03-13"], [101, 103]) },
      {
        code: "MESM25",
        bars: dailyBars("MESM25", ["2025-03-13", "2025-06-11", "2025-06-12"], [114, 120, 121]),
      },
      { code: "MESU25", bars: dailyBars("MESU25", ["2025-06-12", "2025-06-13"], [130, 131]) },
    ];
    const span = contractsBetween("MES", parseDay("2025-03-12"), parseDay("2025-06-13"));
    const { bars, rolls } = continuousBackAdjusted(three, span, "difference");
    expect([...bars.close]).toEqual([121, 123, 129, 130, 131]);
    expect(rolls.map((roll) => [roll.adjustment, roll.cumulative])).toEqual([
      [11, 20],
      [9, 9],
    ]);
  });

  it("fails with the contract and day when a roll-day bar or a contract is missing", () => {
    const withoutRollBar = [
      { code: "MESH25", bars: dailyBars("MESH25", dates.slice(0, 3), march.slice(0, 3)) },
      contracts[1]!,
    ];
    expect(() => continuousBackAdjusted(withoutRollBar, schedule, "ratio")).toThrow(
      EngineDataError,
    );
    expect(() => continuousBackAdjusted(withoutRollBar, schedule, "ratio")).toThrow(
      /MESH25: no bar on its roll day 2025-03-13/,
    );
    expect(() => continuousBackAdjusted(contracts.slice(0, 1), schedule, "difference")).toThrow(
      /MESM25: no bars given/,
    );
  });
});
