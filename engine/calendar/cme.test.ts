import { describe, expect, it } from "vitest";
import { dayNumber, parseDay } from "./civil-date.ts";
import { cmeIsBusinessDay, cmeIsTrading, cmeSessionOn } from "./cme.ts";

// Reference: CME Globex hours for the micros, "Sunday - Friday 6:00 p.m. - 5:00 p.m. ET
// (5:00 p.m. - 4:00 p.m. CT) with a 60-minute break each day beginning at 5:00 p.m. ET" (CME
// contract specs), and CME's holiday notices, e.g. Thanksgiving 2023: equity halts at 13:00 ET
// on the Thursday and closes at 13:15 ET on the Friday. UTC values are derived by hand: New
// York is UTC-4 from the second Sunday of March to the first Sunday of November, else UTC-5.
const utc = (iso: string) => Date.parse(iso);
const session = (date: string) => cmeSessionOn(parseDay(date));
const hours = (date: string) => {
  const found = session(date);
  return found && [new Date(found.openMs).toISOString(), new Date(found.closeMs).toISOString()];
};

describe("CME Globex sessions", () => {
  it("runs a weekday's trade date from 18:00 New York the evening before to 17:00", () => {
    expect(hours("2024-06-18")).toEqual(["2024-06-17T22:00:00.000Z", "2024-06-18T21:00:00.000Z"]);
    expect(hours("2024-01-09")).toEqual(["2024-01-08T23:00:00.000Z", "2024-01-09T22:00:00.000Z"]);
    expect(session("2024-06-18")).toMatchObject({ day: dayNumber(2024, 6, 18), earlyClose: false });
  });

  it("opens Monday's trade date on Sunday evening and has no weekend trade dates", () => {
    expect(hours("2024-06-17")).toEqual(["2024-06-16T22:00:00.000Z", "2024-06-17T21:00:00.000Z"]);
    expect(session("2024-06-15")).toBeUndefined();
    expect(session("2024-06-16")).toBeUndefined();
  });

  it("follows the daylight-saving switches", () => {
    // Spring 2024: the switch is Sunday 10 March, before Monday's Sunday-evening open.
    expect(hours("2024-03-08")).toEqual(["2024-03-07T23:00:00.000Z", "2024-03-08T22:00:00.000Z"]);
    expect(hours("2024-03-11")).toEqual(["2024-03-10T22:00:00.000Z", "2024-03-11T21:00:00.000Z"]);
    // Autumn 2024: back to UTC-5 on Sunday 3 November.
    expect(hours("2024-11-01")).toEqual(["2024-10-31T22:00:00.000Z", "2024-11-01T21:00:00.000Z"]);
    expect(hours("2024-11-04")).toEqual(["2024-11-03T23:00:00.000Z", "2024-11-04T22:00:00.000Z"]);
  });

  it("halts at 12:00 CT on Martin Luther King Jr. Day and reopens at 17:00 CT", () => {
    expect(session("2024-01-15")).toEqual({
      day: dayNumber(2024, 1, 15),
      openMs: utc("2024-01-14T23:00:00Z"),
      closeMs: utc("2024-01-15T18:00:00Z"),
      earlyClose: true,
    });
    expect(hours("2024-01-16")?.[0]).toBe("2024-01-15T23:00:00.000Z");
    expect(session("2024-06-19")).toMatchObject({
      closeMs: utc("2024-06-19T17:00:00Z"),
      earlyClose: true,
    });
  });

  it("halts at 12:00 CT on Thanksgiving and 12:15 CT the day after (2023 notice)", () => {
    expect(session("2023-11-23")).toMatchObject({
      closeMs: utc("2023-11-23T18:00:00Z"),
      earlyClose: true,
    });
    expect(session("2023-11-24")).toMatchObject({
      closeMs: utc("2023-11-24T18:15:00Z"),
      earlyClose: true,
    });
  });

  it("is closed on Christmas, New Year's Day and Good Friday, and reopens at 17:00 CT", () => {
    expect(session("2024-12-24")).toMatchObject({
      closeMs: utc("2024-12-24T18:15:00Z"),
      earlyClose: true,
    });
    expect(session("2024-12-25")).toBeUndefined();
    expect(hours("2024-12-26")?.[0]).toBe("2024-12-25T23:00:00.000Z");
    expect(session("2025-01-01")).toBeUndefined();
    expect(hours("2025-01-02")?.[0]).toBe("2025-01-01T23:00:00.000Z");
    expect(session("2024-03-29")).toBeUndefined();
    expect(hours("2024-04-01")?.[0]).toBe("2024-03-31T22:00:00.000Z");
    // Christmas 2022 fell on a Sunday and was observed on Monday 26 December.
    expect(session("2022-12-26")).toBeUndefined();
    expect(hours("2022-12-27")?.[0]).toBe("2022-12-26T23:00:00.000Z");
  });

  it("counts business days as weekdays without a US exchange holiday", () => {
    // 2024: 262 weekdays, 10 exchange holidays (the NYSE list), 3 of them full closures.
    let sessions = 0;
    let businessDays = 0;
    for (let day = dayNumber(2024, 1, 1); day <= dayNumber(2024, 12, 31); day++) {
      if (cmeSessionOn(day)) sessions++;
      if (cmeIsBusinessDay(day)) businessDays++;
    }
    expect([sessions, businessDays]).toEqual([259, 252]);
    expect(cmeIsBusinessDay(parseDay("2024-01-15"))).toBe(false);
    // One-off NYSE closures (the Carter day of mourning) do not close CME here.
    expect(cmeIsBusinessDay(parseDay("2025-01-09"))).toBe(true);
  });
});

describe("cmeIsTrading", () => {
  it("honours the daily maintenance break 16:00-17:00 CT", () => {
    expect(cmeIsTrading(utc("2024-06-18T20:59:59Z"))).toBe(true);
    expect(cmeIsTrading(utc("2024-06-18T21:00:00Z"))).toBe(false);
    expect(cmeIsTrading(utc("2024-06-18T21:59:59Z"))).toBe(false);
    expect(cmeIsTrading(utc("2024-06-18T22:00:00Z"))).toBe(true);
    expect(cmeIsTrading(utc("2024-01-09T22:30:00Z"))).toBe(false);
    expect(cmeIsTrading(utc("2024-01-09T23:00:00Z"))).toBe(true);
  });

  it("is closed from Friday 16:00 CT to Sunday 17:00 CT and in holiday halts", () => {
    expect(cmeIsTrading(utc("2024-06-14T21:00:00Z"))).toBe(false);
    expect(cmeIsTrading(utc("2024-06-15T12:00:00Z"))).toBe(false);
    expect(cmeIsTrading(utc("2024-06-16T21:59:59Z"))).toBe(false);
    expect(cmeIsTrading(utc("2024-06-16T22:00:00Z"))).toBe(true);
    expect(cmeIsTrading(utc("2024-01-15T17:59:59Z"))).toBe(true);
    expect(cmeIsTrading(utc("2024-01-15T18:00:00Z"))).toBe(false);
    expect(cmeIsTrading(utc("2024-01-15T23:00:00Z"))).toBe(true);
    expect(cmeIsTrading(utc("2024-12-25T15:00:00Z"))).toBe(false);
  });
});
