import { describe, expect, it } from "vitest";
import { dayNumber, easterSunday, formatDay, parseDay } from "./civil-date.ts";
import { dailyCoverage, intradayCoverage } from "./coverage.ts";
import { newYorkOffsetHours } from "./new-york-time.ts";
import { nyseEarlyCloses, nyseHolidays } from "./nyse.ts";
import { marketStatus, sessionOn, sessionsBetween } from "./sessions.ts";

// Reference: NYSE's published holiday and early-close calendars for 2020-2027 (nyse.com,
// "Holidays & Trading Hours"), typed in by hand.
const publishedHolidays: Record<number, string[]> = {
  2020: ["01-01", "01-20", "02-17", "04-10", "05-25", "07-03", "09-07", "11-26", "12-25"],
  2021: ["01-01", "01-18", "02-15", "04-02", "05-31", "07-05", "09-06", "11-25", "12-24"],
  2022: ["01-17", "02-21", "04-15", "05-30", "06-20", "07-04", "09-05", "11-24", "12-26"],
  2023: ["01-02", "01-16", "02-20", "04-07", "05-29", "06-19", "07-04", "09-04", "11-23", "12-25"],
  2024: ["01-01", "01-15", "02-19", "03-29", "05-27", "06-19", "07-04", "09-02", "11-28", "12-25"],
  2025: [
    "01-01",
    "01-09",
    "01-20",
    "02-17",
    "04-18",
    "05-26",
    "06-19",
    "07-04",
    "09-01",
    "11-27",
    "12-25",
  ],
  2026: ["01-01", "01-19", "02-16", "04-03", "05-25", "06-19", "07-03", "09-07", "11-26", "12-25"],
  2027: ["01-01", "01-18", "02-15", "03-26", "05-31", "06-18", "07-05", "09-06", "11-25", "12-24"],
};
const publishedEarlyCloses: Record<number, string[]> = {
  2020: ["11-27", "12-24"],
  2021: ["11-26"],
  2022: ["11-25"],
  2023: ["07-03", "11-24"],
  2024: ["07-03", "11-29", "12-24"],
  2025: ["07-03", "11-28", "12-24"],
  2026: ["11-27", "12-24"],
  2027: ["11-26"],
};
const days = (year: number, dates: string[]) => dates.map((date) => `${year}-${date}`);
const sorted = (map: Map<number, string>) => [...map.keys()].sort((a, b) => a - b).map(formatDay);
const utc = (iso: string) => Date.parse(iso);

describe("NYSE holidays and early closes by rule", () => {
  it.each(Object.keys(publishedHolidays).map(Number))(
    "match the published calendar for %i",
    (year) => {
      expect(sorted(nyseHolidays(year))).toEqual(days(year, publishedHolidays[year]!));
      expect(sorted(nyseEarlyCloses(year))).toEqual(days(year, publishedEarlyCloses[year]!));
    },
  );

  it("computes Easter for years with known dates", () => {
    expect([2000, 2019, 2024, 2038].map((year) => formatDay(easterSunday(year)))).toEqual([
      "2000-04-23",
      "2019-04-21",
      "2024-03-31",
      "2038-04-25",
    ]);
  });
});

describe("NYSE sessions in UTC", () => {
  it("opens at 9:30 New York on both sides of the daylight-saving switches", () => {
    const open = (date: string) =>
      new Date(sessionOn("NYSE", parseDay(date))!.openMs).toISOString();
    expect(open("2024-03-08")).toBe("2024-03-08T14:30:00.000Z");
    expect(open("2024-03-11")).toBe("2024-03-11T13:30:00.000Z");
    expect(open("2024-11-01")).toBe("2024-11-01T13:30:00.000Z");
    expect(open("2024-11-04")).toBe("2024-11-04T14:30:00.000Z");
    expect(open("2006-04-03")).toBe("2006-04-03T13:30:00.000Z"); // pre-2007 rules: DST from the first Sunday of April
    expect(open("2006-03-13")).toBe("2006-03-13T14:30:00.000Z");
  });

  it("closes at 13:00 New York on early-close days", () => {
    expect(sessionOn("NYSE", parseDay("2024-11-29"))).toMatchObject({
      closeMs: utc("2024-11-29T18:00:00Z"),
      earlyClose: true,
    });
    expect(sessionOn("NYSE", parseDay("2024-07-03"))).toMatchObject({
      closeMs: utc("2024-07-03T17:00:00Z"),
      earlyClose: true,
    });
    expect(sessionOn("NYSE", parseDay("2024-07-05"))).toMatchObject({
      closeMs: utc("2024-07-05T20:00:00Z"),
      earlyClose: false,
    });
  });

  it("has 252 sessions in 2024 and none on weekends or holidays", () => {
    const sessions = sessionsBetween("NYSE", dayNumber(2024, 1, 1), dayNumber(2024, 12, 31));
    expect(sessions).toHaveLength(252);
    expect(sessionOn("NYSE", parseDay("2024-06-15"))).toBeUndefined();
    expect(sessionOn("NYSE", parseDay("2025-01-09"))).toBeUndefined();
  });

  it("switches the New York offset at 2:00 local time", () => {
    expect(newYorkOffsetHours(utc("2024-03-10T06:59:59Z"))).toBe(-5);
    expect(newYorkOffsetHours(utc("2024-03-10T07:00:00Z"))).toBe(-4);
    expect(newYorkOffsetHours(utc("2024-11-03T05:59:59Z"))).toBe(-4);
    expect(newYorkOffsetHours(utc("2024-11-03T06:00:00Z"))).toBe(-5);
  });
});

describe("market status", () => {
  it("knows an open NYSE session and the next one after a holiday", () => {
    expect(marketStatus("NYSE", utc("2024-07-03T16:00:00Z"))).toEqual({
      open: true,
      nextOpenMs: utc("2024-07-05T13:30:00Z"),
      nextCloseMs: utc("2024-07-03T17:00:00Z"),
    });
  });

  it("points a weekend, a pre-open and a one-off closure at the right next session", () => {
    expect(marketStatus("NYSE", utc("2024-06-15T12:00:00Z"))).toEqual({
      open: false,
      nextOpenMs: utc("2024-06-17T13:30:00Z"),
      nextCloseMs: utc("2024-06-17T20:00:00Z"),
    });
    expect(marketStatus("NYSE", utc("2024-06-18T12:00:00Z"))).toMatchObject({
      open: false,
      nextOpenMs: utc("2024-06-18T13:30:00Z"),
    });
    expect(marketStatus("NYSE", utc("2025-01-08T21:00:00Z"))).toMatchObject({
      open: false,
      nextOpenMs: utc("2025-01-10T14:30:00Z"),
    });
  });

  it("runs FX from Sunday 17:00 to Friday 17:00 New York", () => {
    expect(marketStatus("FX", utc("2024-06-15T12:00:00Z"))).toEqual({
      open: false,
      nextOpenMs: utc("2024-06-16T21:00:00Z"),
      nextCloseMs: utc("2024-06-17T21:00:00Z"),
    });
    expect(marketStatus("FX", utc("2024-06-16T21:30:00Z"))).toMatchObject({
      open: true,
      nextCloseMs: utc("2024-06-17T21:00:00Z"),
    });
    expect(marketStatus("FX", utc("2024-12-20T21:59:00Z"))).toMatchObject({
      open: true,
      nextOpenMs: utc("2024-12-22T22:00:00Z"),
    });
    expect(sessionsBetween("FX", dayNumber(2024, 6, 10), dayNumber(2024, 6, 16))).toHaveLength(5);
  });

  it("keeps crypto open every UTC day", () => {
    expect(marketStatus("CRYPTO", utc("2024-06-15T12:00:00Z"))).toEqual({
      open: true,
      nextOpenMs: utc("2024-06-16T00:00:00Z"),
      nextCloseMs: utc("2024-06-16T00:00:00Z"),
    });
    expect(sessionsBetween("CRYPTO", dayNumber(2024, 1, 1), dayNumber(2024, 12, 31))).toHaveLength(
      366,
    );
  });
});

describe("dailyCoverage", () => {
  it("finds missing sessions and bars on closed days", () => {
    // 2024-07-01 (Mon) to 2024-07-09 (Tue): July 4 is a holiday; July 5 is missing; a bar on Saturday July 6.
    const dates = [
      "2024-07-01",
      "2024-07-02",
      "2024-07-03",
      "2024-07-06",
      "2024-07-08",
      "2024-07-09",
    ];
    const times = Float64Array.from(dates, (date) => Date.parse(`${date}T20:00:00Z`));
    const coverage = dailyCoverage("NYSE", times);
    expect(coverage.missingDays.map(formatDay)).toEqual(["2024-07-05"]);
    expect(coverage.closedDays.map(formatDay)).toEqual(["2024-07-06"]);
    expect(dailyCoverage("CRYPTO", times).missingDays.map(formatDay)).toEqual([
      "2024-07-04",
      "2024-07-05",
      "2024-07-07",
    ]);
  });
});

describe("intradayCoverage", () => {
  const at = (iso: string) => Date.parse(iso);
  it("counts missing hourly slots, after-hours bars and sessions without bars (NYSE, hand-checked)", () => {
    // 2024-07-01 runs 13:30-20:00 UTC (EDT): 7 hourly slots from 13:30; 15:30 is missing and a
    // bar at 21:00 is after hours. 2024-07-02 has no bar. 2024-07-03 (13:00 ET early close)
    // counts only its first slot, the span ending with its 13:30 bar.
    const times = Float64Array.from(
      [
        "2024-07-01T13:30:00Z",
        "2024-07-01T14:30:00Z",
        "2024-07-01T16:30:00Z",
        "2024-07-01T17:30:00Z",
        "2024-07-01T18:30:00Z",
        "2024-07-01T19:30:00Z",
        "2024-07-01T21:00:00Z",
        "2024-07-03T13:30:00Z",
      ],
      at,
    );
    const coverage = intradayCoverage("NYSE", times, 3_600_000);
    expect(coverage.missingDays.map(formatDay)).toEqual(["2024-07-02"]);
    expect(coverage.barsOutsideSessions).toBe(1);
    expect(coverage.missingBars).toBe(1);
  });

  it("counts a two-minute hole in crypto minute bars", () => {
    const start = at("2024-01-06T10:00:00Z");
    const minutes = [0, 1, 2, 5, 6, 7, 8, 9].map((m) => start + m * 60_000);
    const coverage = intradayCoverage("CRYPTO", Float64Array.from(minutes), 60_000);
    expect(coverage).toEqual({ missingDays: [], barsOutsideSessions: 0, missingBars: 2 });
  });
});
