/**
 * Contract calendars of the CME micro futures. Days are day numbers since 1970-01-01; business
 * days are CME's (weekdays that are not US exchange holidays, see cmeIsBusinessDay).
 *
 * Codes are root + month letter + two-digit year ("MESH25"), years 2000-2099: Globex itself
 * uses one digit ("MESH5"), which is ambiguous once a series spans a decade.
 *
 * Last trading days follow the exchange rules; roll days are trading conventions:
 * - MES, MNQ, M2K, MYM: quarterly H M U Z, last trade at 9:30 New York on the third Friday of
 *   the contract month (the business day before when that Friday is a holiday). CME's roll
 *   convention is eight calendar days before the third Friday: the Thursday a week earlier,
 *   usually the second Thursday, the first when the month starts on a Friday.
 * - MGC (COMEX): cycle Feb Apr Jun Aug Oct Dec, last trade on the third-last business day of the
 *   contract month. Roll on the third-last business day of the month before, ahead of the
 *   delivery notices that start at its end. Serial months near the front are not modelled.
 * - MCL (NYMEX): every month, last trade one business day before WTI (CL), which stops three
 *   business days before the 25th calendar day of the month before the contract month (four
 *   when the 25th is not a business day). Roll five business days before the last trade.
 */
import { dayNumber, fromDayNumber, nthWeekday } from "../calendar/civil-date.ts";
import { cmeIsBusinessDay } from "../calendar/cme.ts";

export const futuresRoots = ["MES", "MNQ", "M2K", "MYM", "MGC", "MCL"] as const;
export type FuturesRoot = (typeof futuresRoots)[number];

export interface ContractSpec {
  root: FuturesRoot;
  name: string;
  exchange: "CME" | "CBOT" | "COMEX" | "NYMEX";
  /** Contract months of the front-month cycle, 1-12. */
  months: readonly number[];
  /** Price increment and its dollar value per contract. */
  tickSize: number;
  pointValue: number;
}

const quarterly = [3, 6, 9, 12];

export const contractSpecs: Readonly<Record<FuturesRoot, ContractSpec>> = {
  MES: {
    root: "MES",
    name: "Micro E-mini S&P 500",
    exchange: "CME",
    months: quarterly,
    tickSize: 0.25,
    pointValue: 5,
  },
  MNQ: {
    root: "MNQ",
    name: "Micro E-mini Nasdaq-100",
    exchange: "CME",
    months: quarterly,
    tickSize: 0.25,
    pointValue: 2,
  },
  M2K: {
    root: "M2K",
    name: "Micro E-mini Russell 2000",
    exchange: "CME",
    months: quarterly,
    tickSize: 0.1,
    pointValue: 5,
  },
  MYM: {
    root: "MYM",
    name: "Micro E-mini Dow",
    exchange: "CBOT",
    months: quarterly,
    tickSize: 1,
    pointValue: 0.5,
  },
  MGC: {
    root: "MGC",
    name: "Micro Gold",
    exchange: "COMEX",
    months: [2, 4, 6, 8, 10, 12],
    tickSize: 0.1,
    pointValue: 10,
  },
  MCL: {
    root: "MCL",
    name: "Micro WTI Crude Oil",
    exchange: "NYMEX",
    months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    tickSize: 0.01,
    pointValue: 100,
  },
};

const monthLetters = "FGHJKMNQUVXZ";
const FRIDAY = 5;

function spec(root: string): ContractSpec {
  const found = contractSpecs[root as FuturesRoot];
  if (!found)
    throw new RangeError(`unknown futures root ${root} (known: ${futuresRoots.join(", ")})`);
  return found;
}

function checkContract(root: FuturesRoot, year: number, month: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2099)
    throw new RangeError(`contract year must be 2000-2099 (was ${year})`);
  if (!spec(root).months.includes(month))
    throw new RangeError(
      `${root} has no contract in month ${month} (cycle: ${spec(root).months.join(", ")})`,
    );
}

export function contractCode(root: FuturesRoot, year: number, month: number): string {
  checkContract(root, year, month);
  return `${root}${monthLetters[month - 1]}${String(year % 100).padStart(2, "0")}`;
}

export function parseContractCode(code: string): {
  root: FuturesRoot;
  year: number;
  month: number;
} {
  const match = /^(MES|MNQ|M2K|MYM|MGC|MCL)([FGHJKMNQUVXZ])(\d{2})$/.exec(code);
  if (!match) throw new RangeError(`not a contract code like MESH25: ${code}`);
  const root = match[1] as FuturesRoot;
  const year = 2000 + Number(match[3]);
  const month = monthLetters.indexOf(match[2]!) + 1;
  checkContract(root, year, month);
  return { root, year, month };
}

/** The latest business day on or before `day`. */
function businessDayOnOrBefore(day: number): number {
  let current = day;
  while (!cmeIsBusinessDay(current)) current--;
  return current;
}

/** The `count`-th business day strictly before `day`. */
function businessDaysBefore(day: number, count: number): number {
  let current = day;
  for (let step = 0; step < count; step++) current = businessDayOnOrBefore(current - 1);
  return current;
}

/** The n-th (1-based) last business day of a month. */
function nthLastBusinessDay(year: number, month: number, n: number): number {
  return businessDaysBefore(dayNumber(year, month + 1, 1), n);
}

function thirdFriday(year: number, month: number): number {
  return nthWeekday(year, month, FRIDAY, 3);
}

/** WTI's last trading day for a contract month: counted back from the 25th of the month before. */
function wtiLastTradeDay(year: number, month: number): number {
  const day25 = dayNumber(year, month - 1, 25);
  return businessDaysBefore(day25, cmeIsBusinessDay(day25) ? 3 : 4);
}

/** The last trading day of a contract. */
export function expiryDay(root: FuturesRoot, year: number, month: number): number {
  checkContract(root, year, month);
  if (root === "MGC") return nthLastBusinessDay(year, month, 3);
  if (root === "MCL") return businessDaysBefore(wtiLastTradeDay(year, month), 1);
  return businessDayOnOrBefore(thirdFriday(year, month));
}

/** The first trade date on which the next contract is the front one (see the header for the rules). */
export function rollDay(root: FuturesRoot, year: number, month: number): number {
  checkContract(root, year, month);
  if (root === "MGC") return nthLastBusinessDay(year, month - 1, 3);
  if (root === "MCL") return businessDaysBefore(expiryDay(root, year, month), 5);
  return businessDayOnOrBefore(thirdFriday(year, month) - 8);
}

export interface FrontContract {
  code: string;
  year: number;
  month: number;
  expiryDay: number;
  rollDay: number;
  /** Trade dates [fromDay, toDay) on which this is the front contract, clipped to the request. */
  fromDay: number;
  toDay: number;
}

/**
 * The front contracts covering trade dates [startDay, endDay], in order: each is front from
 * the previous contract's roll day up to (not including) its own.
 */
export function contractsBetween(
  root: FuturesRoot,
  startDay: number,
  endDay: number,
): FrontContract[] {
  const { months } = spec(root);
  const schedule: FrontContract[] = [];
  // Start a year early: the front contract on startDay may have been listed in the year before.
  let year = fromDayNumber(startDay).year - 1;
  let index = 0;
  let previousRoll = rollDay(root, year, months[0]!);
  while (previousRoll <= endDay) {
    index++;
    if (index === months.length) [index, year] = [0, year + 1];
    const month = months[index]!;
    const roll = rollDay(root, year, month);
    if (roll > startDay) {
      schedule.push({
        code: contractCode(root, year, month),
        year,
        month,
        expiryDay: expiryDay(root, year, month),
        rollDay: roll,
        fromDay: Math.max(previousRoll, startDay),
        toDay: Math.min(roll, endDay + 1),
      });
    }
    previousRoll = roll;
  }
  return schedule;
}
