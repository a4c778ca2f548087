import { Market } from "../calendar/sessions.ts";
import { ceilingFields, floorFields, hardLimits } from "./limits.ts";
import { describeValue, onQuantityStep, quantityDecimals, quantityStep } from "./numbers.ts";
import type { OrderSide, RiskLimits, TradingState } from "./types.ts";

/** What was wrong with an input, naming the field. */
export interface Problem {
  problem: true;
  field: string;
  message: string;
}

export function isProblem(value: unknown): value is Problem {
  return (value as Problem).problem === true;
}

export interface ValidOrder {
  symbol: string;
  /** Upper case: how the gate compares symbols with positions, orders and lists. */
  key: string;
  side: OrderSide;
  /** +1 for a buy, -1 for a sell. */
  direction: 1 | -1;
  quantity: number | undefined;
  notional: number | undefined;
  type: "market" | "limit";
  limitPrice: number | undefined;
  strategyId: string | undefined;
  market: Market;
}

/** Copies of the context's values, each read once. */
export interface ValidContext {
  state: TradingState;
  /** Clamped to `hardLimits`. */
  limits: RiskLimits;
  lastPrice: number;
  lastTradeMs: number;
  pointValue: number;
  marginPerUnit: number | undefined;
  cluster: string | undefined;
  /** Undefined when the broker could not say. */
  shortable: boolean | undefined;
  equity: number;
  buyingPower: number;
  dayStartEquity: number;
  realizedPnlToday: number;
  patternDayTrader: boolean;
  shortingEnabled: boolean;
  dayTradesLast5Days: number;
  positions: { key: string; quantity: number; marketValue: number; cluster: string | undefined }[];
  /** Read in one pass with the validation (the lists are long): see `tallyRecentOrders`. */
  recent: RecentTally;
  /** Unfilled units of open orders on the order's side of its symbol. */
  sameSideOpen: number;
  nowMs: number;
}

const orderFields = new Set([
  "symbol",
  "side",
  "quantity",
  "notional",
  "type",
  "limitPrice",
  "strategyId",
  "market",
]);
/** Letters and digits, then also . / _ : = - (BRK.B, BTC/USD); at most 32 characters, ASCII only. */
const symbolPattern = /^[A-Za-z0-9][A-Za-z0-9./_:=-]{0,31}$/;
/** The largest epoch-ms a JavaScript Date holds. */
const maxTimeMs = 8.64e15;

// Local rather than imported: this runs for every field of hundreds of entries per call, and
// tsx compiles a call to another module's export into a property read through a getter.
function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

const problem = (field: string, message: string): Problem => ({ problem: true, field, message });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Thrown inside the readers below and turned into a Problem at their edge. */
class InputProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function fail(field: string, message: string): never {
  throw new InputProblem(field, message);
}

function positive(value: unknown, field: string): number {
  if (isFiniteNumber(value) && value > 0) return value;
  return fail(field, `\`${field}\` must be a finite number > 0 (was ${describeValue(value)})`);
}

function nonNegative(value: unknown, field: string): number {
  if (isFiniteNumber(value) && value >= 0) return value;
  return fail(field, `\`${field}\` must be a finite number >= 0 (was ${describeValue(value)})`);
}

function finite(value: unknown, field: string): number {
  if (isFiniteNumber(value)) return value;
  return fail(field, `\`${field}\` must be a finite number (was ${describeValue(value)})`);
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (isRecord(value)) return value;
  return fail(field, `\`${field}\` must be an object (was ${describeValue(value)})`);
}

function array(value: unknown, field: string): readonly unknown[] {
  if (Array.isArray(value)) return value;
  return fail(field, `\`${field}\` must be an array (was ${describeValue(value)})`);
}

function side(value: unknown, field: string): OrderSide {
  if (value === "buy" || value === "sell") return value;
  return fail(field, `\`${field}\` must be "buy" or "sell" (was ${describeValue(value)})`);
}

function symbolKey(value: unknown, field: string): string {
  if (typeof value === "string" && value !== "") return upperCase(value);
  return fail(field, `\`${field}\` must be a non-empty symbol (was ${describeValue(value)})`);
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || (typeof value === "string" && value !== "")) return value;
  return fail(
    field,
    `\`${field}\` must be a non-empty string when given (was ${describeValue(value)})`,
  );
}

/** Runs a reader; a getter or proxy that throws makes `field` unreadable rather than escaping. */
function guarded<T>(field: string, read: () => T): T | Problem {
  try {
    return read();
  } catch (error) {
    if (error instanceof InputProblem) return problem(error.field, error.message);
    const detail = error instanceof Error ? error.message : describeValue(error);
    return problem(field, `\`${field}\` could not be read (${detail})`);
  }
}

/**
 * Reads a proposed order. Only a plain object with the known fields passes; each field is
 * read once (a getter cannot answer differently twice) and `undefined` counts as absent.
 */
export function readOrder(input: unknown): ValidOrder | Problem {
  return guarded("order", () => {
    const order = record(input, "order");
    const prototype: unknown = Object.getPrototypeOf(order);
    if (prototype !== Object.prototype && prototype !== null)
      fail("order", "`order` must be a plain object, not a class instance");
    for (const key of Object.keys(order)) {
      if (!orderFields.has(key))
        fail(key, `unknown order field \`${key}\`: the gate refuses what it does not check`);
    }
    const { symbol, quantity, notional, type, limitPrice, strategyId, market } = order;
    if (typeof symbol !== "string" || !symbolPattern.test(symbol))
      fail(
        "symbol",
        `\`symbol\` must be 1-32 ASCII letters, digits or . / _ : = - starting with a letter or digit (was ${describeValue(symbol)})`,
      );
    const orderSide = side(order.side, "side");
    if (quantity === undefined && notional === undefined)
      fail("quantity", "give exactly one of `quantity` and `notional` (neither was given)");
    if (quantity !== undefined && notional !== undefined)
      fail("quantity", "give exactly one of `quantity` and `notional` (both were given)");
    const size =
      quantity !== undefined ? positive(quantity, "quantity") : positive(notional, "notional");
    if (type !== "market" && type !== "limit")
      fail("type", `\`type\` must be "market" or "limit" (was ${describeValue(type)})`);
    let price: number | undefined;
    if (type === "limit") {
      if (limitPrice === undefined) fail("limitPrice", "a limit order needs `limitPrice`");
      price = positive(limitPrice, "limitPrice");
    } else if (limitPrice !== undefined) {
      fail("limitPrice", "`limitPrice` is for limit orders only (this is a market order)");
    }
    if (typeof market !== "string" || !Object.hasOwn(Market, market))
      fail(
        "market",
        `\`market\` must be one of ${Object.keys(Market).join(", ")} (was ${describeValue(market)})`,
      );
    if (quantity !== undefined && !onQuantityStep(size, quantityStep(market as string)))
      fail(
        "quantity",
        market === "CME"
          ? `CME futures trade whole contracts: \`quantity\` must be a whole number (was ${describeValue(quantity)})`
          : `\`quantity\` takes at most ${quantityDecimals} decimal places, as the broker does (was ${describeValue(quantity)})`,
      );
    return {
      symbol,
      key: upperCase(symbol),
      side: orderSide,
      direction: orderSide === "buy" ? 1 : -1,
      quantity: quantity === undefined ? undefined : size,
      notional: quantity === undefined ? size : undefined,
      type,
      limitPrice: price,
      strategyId: optionalString(strategyId, "strategyId"),
      market: market as Market,
    } satisfies ValidOrder;
  });
}

/**
 * Reads the caller's context: state, limits (clamped to `hardLimits`, so no limits handed in
 * can be looser than the boundary), the market snapshot and the account. Anything NaN,
 * infinite, of the wrong type or inconsistent (a position whose value has the other sign, a
 * symbol held twice) is a problem naming the field: corrupt data is worse than no data.
 */
export function readContext(input: unknown, order: ValidOrder): ValidContext | Problem {
  const { market } = order;
  return guarded("context", () => {
    const context = record(input, "context");
    const { state, nowMs } = context;
    if (state !== "active" && state !== "reducing" && state !== "halted")
      fail(
        "state",
        `\`state\` must be "active", "reducing" or "halted" (was ${describeValue(state)})`,
      );
    if (!isFiniteNumber(nowMs) || nowMs < 0 || nowMs > maxTimeMs)
      fail("nowMs", `\`nowMs\` must be an epoch time in ms (was ${describeValue(nowMs)})`);
    const limits = readLimits(record(context.limits, "limits"));
    const snapshot = record(context.market, "market");
    const lastPrice = positive(snapshot.lastPrice, "market.lastPrice");
    const lastTradeMs = finite(snapshot.lastTradeMs, "market.lastTradeMs");
    const pointValue = snapshot.pointValue;
    if (pointValue === undefined && market === "CME")
      fail(
        "market.pointValue",
        "a CME order needs `market.pointValue` (the contract's dollars per point), or its notional would be understated",
      );
    const marginPerUnit = snapshot.marginPerUnit;
    const account = record(context.account, "account");
    const patternDayTrader = account.patternDayTrader;
    if (typeof patternDayTrader !== "boolean")
      fail(
        "account.patternDayTrader",
        `\`account.patternDayTrader\` must be true or false (was ${describeValue(patternDayTrader)})`,
      );
    const { shortingEnabled } = account;
    if (typeof shortingEnabled !== "boolean")
      fail(
        "account.shortingEnabled",
        `\`account.shortingEnabled\` must be true or false (was ${describeValue(shortingEnabled)})`,
      );
    const { shortable } = snapshot;
    if (shortable !== undefined && typeof shortable !== "boolean")
      fail(
        "market.shortable",
        `\`market.shortable\` must be true, false or left out (was ${describeValue(shortable)})`,
      );
    const dayTrades = account.dayTradesLast5Days;
    if (!Number.isSafeInteger(dayTrades) || (dayTrades as number) < 0)
      fail(
        "account.dayTradesLast5Days",
        `\`account.dayTradesLast5Days\` must be a whole number >= 0 (was ${describeValue(dayTrades)})`,
      );
    return {
      state,
      limits,
      lastPrice,
      lastTradeMs,
      pointValue: pointValue === undefined ? 1 : positive(pointValue, "market.pointValue"),
      marginPerUnit:
        marginPerUnit === undefined ? undefined : positive(marginPerUnit, "market.marginPerUnit"),
      cluster: optionalString(snapshot.cluster, "market.cluster"),
      shortable,
      equity: finite(account.equity, "account.equity"),
      buyingPower: finite(account.buyingPower, "account.buyingPower"),
      dayStartEquity: finite(account.dayStartEquity, "account.dayStartEquity"),
      realizedPnlToday: finite(account.realizedPnlToday, "account.realizedPnlToday"),
      patternDayTrader,
      shortingEnabled,
      dayTradesLast5Days: dayTrades as number,
      positions: readPositions(account.positions),
      recent: tallyRecentOrders(account.recentOrders, order, nowMs, limits.duplicateWindowMs),
      sameSideOpen: tallyOpenOrders(account.openOrders, order),
      nowMs,
    } satisfies ValidContext;
  });
}

function readLimits(input: Record<string, unknown>): RiskLimits {
  const limits = { ...hardLimits } as RiskLimits;
  for (const field of ceilingFields)
    limits[field] = Math.min(nonNegative(input[field], `limits.${field}`), hardLimits[field]);
  for (const field of floorFields)
    limits[field] = Math.max(nonNegative(input[field], `limits.${field}`), hardLimits[field]);
  limits.denySymbols = [
    ...hardLimits.denySymbols,
    ...readSymbols(input.denySymbols, "limits.denySymbols"),
  ];
  if (input.allowSymbols === undefined) delete limits.allowSymbols;
  else limits.allowSymbols = readSymbols(input.allowSymbols, "limits.allowSymbols");
  const outside = input.allowOutsideHours;
  if (typeof outside !== "boolean")
    fail(
      "limits.allowOutsideHours",
      `\`limits.allowOutsideHours\` must be true or false (was ${describeValue(outside)})`,
    );
  limits.allowOutsideHours = outside && hardLimits.allowOutsideHours;
  return limits;
}

function readSymbols(value: unknown, field: string): string[] {
  const list = array(value, field);
  const symbols: string[] = [];
  for (let i = 0; i < list.length; i++) symbols.push(symbolKey(list[i], `${field}[${i}]`));
  return symbols;
}

/**
 * Upper case for comparisons, without `toUpperCase`'s allocation when the symbol already is
 * (the common case; the gate reads hundreds of symbols per call).
 */
function upperCase(symbol: string): string {
  for (let i = 0; i < symbol.length; i++) {
    const code = symbol.charCodeAt(i);
    if ((code >= 97 && code <= 122) || code > 127) return symbol.toUpperCase();
  }
  return symbol;
}

// The list readers below build a field's path only when it is wrong: a typical account has
// hundreds of entries, and a path string per field would cost more than the checks.

function entry(list: readonly unknown[], name: string, i: number): Record<string, unknown> {
  const item = list[i];
  return isRecord(item) ? item : record(item, `${name}[${i}]`);
}

const isSymbol = (value: unknown): value is string => typeof value === "string" && value !== "";
const isSide = (value: unknown): value is OrderSide => value === "buy" || value === "sell";
const isNonNegative = (value: unknown): value is number => isFiniteNumber(value) && value >= 0;

function readPositions(value: unknown): ValidContext["positions"] {
  const name = "account.positions";
  const list = array(value, name);
  const positions: ValidContext["positions"] = [];
  const held = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const item = entry(list, name, i);
    const { symbol, quantity, marketValue, cluster } = item;
    if (!isSymbol(symbol)) symbolKey(symbol, `${name}[${i}].symbol`);
    if (!isFiniteNumber(quantity)) finite(quantity, `${name}[${i}].quantity`);
    if (!isFiniteNumber(marketValue)) finite(marketValue, `${name}[${i}].marketValue`);
    if (cluster !== undefined && !isSymbol(cluster))
      optionalString(cluster, `${name}[${i}].cluster`);
    const key = upperCase(symbol as string);
    const q = quantity as number;
    const v = marketValue as number;
    if ((q > 0 && v < 0) || (q < 0 && v > 0))
      fail(
        `${name}[${i}].marketValue`,
        `\`${name}[${i}].marketValue\` ${v} has the other sign than its quantity ${q}`,
      );
    if (held.has(key))
      fail(`${name}[${i}].symbol`, `\`${name}[${i}].symbol\` ${key} is listed twice`);
    held.add(key);
    positions.push({ key, quantity: q, marketValue: v, cluster: cluster as string | undefined });
  }
  return positions;
}

export interface RecentTally {
  /** Recent orders in (now - 60 s, now], or stamped after now. */
  lastMinute: number;
  /** Same symbol, side and strategy, sent less than the duplicate window ago: sizes still to compare. */
  candidates: { quantity: number; notional: number | undefined; ageMs: number }[];
}

/** Whether `symbol` is `key` (already upper case) in any letter case. */
function sameSymbol(symbol: string, key: string): boolean {
  return symbol === key || (symbol.length === key.length && upperCase(symbol) === key);
}

/**
 * Validates the recent orders and, in the same pass, counts the last minute's and collects
 * the possible duplicates of `order`: no copy of hundreds of entries per call.
 */
function tallyRecentOrders(
  value: unknown,
  order: ValidOrder,
  nowMs: number,
  windowMs: number,
): RecentTally {
  const name = "account.recentOrders";
  const list = array(value, name);
  const tally: RecentTally = { lastMinute: 0, candidates: [] };
  for (let i = 0; i < list.length; i++) {
    const item = entry(list, name, i);
    const { symbol, side: orderSide, quantity, submittedMs, strategyId, notional } = item;
    if (!isSymbol(symbol)) symbolKey(symbol, `${name}[${i}].symbol`);
    if (!isSide(orderSide)) side(orderSide, `${name}[${i}].side`);
    if (!isNonNegative(quantity)) nonNegative(quantity, `${name}[${i}].quantity`);
    if (!isFiniteNumber(submittedMs)) finite(submittedMs, `${name}[${i}].submittedMs`);
    if (strategyId !== undefined && !isSymbol(strategyId))
      optionalString(strategyId, `${name}[${i}].strategyId`);
    if (notional !== undefined && !isNonNegative(notional))
      nonNegative(notional, `${name}[${i}].notional`);
    const ageMs = nowMs - (submittedMs as number);
    if (ageMs < 60_000) tally.lastMinute++;
    if (
      ageMs < windowMs &&
      orderSide === order.side &&
      strategyId === order.strategyId &&
      sameSymbol(symbol as string, order.key)
    )
      tally.candidates.push({
        quantity: quantity as number,
        notional: notional as number | undefined,
        ageMs,
      });
  }
  return tally;
}

function tallyOpenOrders(value: unknown, order: ValidOrder): number {
  const name = "account.openOrders";
  const list = array(value, name);
  let sameSide = 0;
  for (let i = 0; i < list.length; i++) {
    const item = entry(list, name, i);
    const { symbol, side: orderSide, quantity } = item;
    if (!isSymbol(symbol)) symbolKey(symbol, `${name}[${i}].symbol`);
    if (!isSide(orderSide)) side(orderSide, `${name}[${i}].side`);
    if (!isNonNegative(quantity)) nonNegative(quantity, `${name}[${i}].quantity`);
    if (orderSide === order.side && sameSymbol(symbol as string, order.key))
      sameSide += quantity as number;
  }
  return sameSide;
}
