import { dailyLoss } from "./daily-loss.ts";
import { newYorkDay } from "../calendar/new-york-time.ts";
import { marketStatus, sessionOn, type Market, type MarketStatus } from "../calendar/sessions.ts";
import {
  floorToStep,
  formatNumber as f,
  quantityStep,
  relativeTolerance,
  within,
} from "./numbers.ts";
import type { CheckResult, DenyCode, RiskContext, RiskDecision } from "./types.ts";
import {
  isProblem,
  readContext,
  readOrder,
  type Problem,
  type ValidContext,
  type ValidOrder,
} from "./validate.ts";

/** FINRA Rule 4210(f)(8)(B)(iv)(a): a pattern day trader must hold $25,000 to day trade. */
export const patternDayTraderMinimumEquity = 25_000;
/**
 * FINRA Rule 4210(f)(8)(B)(ii): four or more day trades in five business days make a pattern
 * day trader. With three already made, the next opening order could be the fourth.
 */
export const patternDayTradesBeforeRestriction = 3;

const dayMs = 86_400_000;

/**
 * The deterministic pre-trade risk gate: whether `order` may go to a broker now, and why not.
 *
 * The order is `unknown` and validated here; the context is validated too, and its limits are
 * clamped to `hardLimits` whatever they say. Never throws: anything unexpected denies.
 *
 * Checks, in this order (the first failure is the reason; once the order and the context are
 * valid every check runs, so `checks` shows every limit the order meets or breaks):
 *  1. INVALID_ORDER       the order's fields (NaN, Infinity, <= 0, strings, unknown fields).
 *  2. INVALID_CONTEXT     state, limits, market snapshot, account; also any internal error.
 *  3. TRADING_HALTED      state "halted": nothing passes.
 *  4. REDUCE_ONLY         state "reducing": only an order that shrinks a position without
 *                         flipping it (same-side open orders counted as filled).
 *  5. SYMBOL_DENIED       symbol on `denySymbols`.
 *  6. SYMBOL_NOT_ALLOWED  `allowSymbols` given and the symbol not on it.
 *  7. SHORT_SALE          a sell that opens or grows a short position in stocks or crypto:
 *                         the account must allow shorting and the broker must lend the symbol
 *                         (futures and currencies are sold short as ordinary positions).
 *  8. MAX_ORDER_QUANTITY  quantity.
 *  9. MAX_ORDER_NOTIONAL  quantity x reference price x pointValue.
 * 10. MAX_POSITION        |position after| x reference price x pointValue.
 * 11. MAX_GROSS_EXPOSURE  sum of |position values| after, against the fraction x equity.
 * 12. MAX_NET_EXPOSURE    |sum of signed position values| after, against the fraction x equity.
 * 13. DAILY_LOSS_LIMIT    today's loss against the fraction x dayStartEquity.
 * 14. ORDER_THROTTLE      orders in the last 60 s, this one included.
 * 15. STALE_PRICE         age of the last trade (at the last close when the market is shut).
 * 16. PRICE_COLLAR        |limit price - last trade| in bps of the last trade (limit orders).
 * 17. DUPLICATE_ORDER     the same order (symbol, side, size, strategy) within the window.
 * 18. MARKET_CLOSED       outside the session: queued with `allowOutsideHours`, else denied.
 * 19. PATTERN_DAY_TRADER  FINRA 4210 (see `patternDayTraderCheck`).
 * 20. BUYING_POWER        what the opening part of the order takes.
 * 21. CLUSTER_EXPOSURE    gross value of the symbol's correlation cluster after the order.
 *
 * Prices: the reference price is the limit price for a limit order and the last trade for a
 * market order; a `notional` order's quantity is notional / (reference price x pointValue),
 * rounded down to whole contracts on CME and to 9 decimal places elsewhere (what brokers take);
 * a `quantity` off that step is INVALID_ORDER.
 * The position after the order assumes every open order on the same side of the same symbol
 * fills; open orders of other symbols carry no price and are not counted in the exposures.
 *
 * An order that only reduces a position (opposite side, no larger than the position less the
 * same-side open orders) is exempt from 5-7, 10-13 and 19-21: limits are there to stop risk
 * from growing, and must never trap an account in a position. It still meets 3, 4, 8, 9
 * (a fat-fingered exit is still a fat finger) and 14-18.
 */
export function checkOrder(order: unknown, context: RiskContext): RiskDecision {
  try {
    return evaluate(order, context);
  } catch (error) {
    const detail = error instanceof Error ? error.message : "unknown error";
    return invalid("INVALID_CONTEXT", {
      problem: true,
      field: "context",
      message: `the risk gate could not evaluate the order (${detail}); denied to be safe`,
    });
  }
}

function invalid(code: DenyCode, problem: Problem, before: CheckResult[] = []): RiskDecision {
  const check: CheckResult = {
    code,
    passed: false,
    field: problem.field,
    message: `${code}: ${problem.message}`,
  };
  return {
    allowed: false,
    reason: { code, message: check.message, field: problem.field },
    checks: [...before, check],
  };
}

function evaluate(input: unknown, rawContext: unknown): RiskDecision {
  const order = readOrder(input);
  if (isProblem(order)) return invalid("INVALID_ORDER", order);
  const context = readContext(rawContext, order);
  const orderPassed: CheckResult = {
    code: "INVALID_ORDER",
    passed: true,
    message: "INVALID_ORDER: every order field is valid",
  };
  if (isProblem(context)) return invalid("INVALID_CONTEXT", context, [orderPassed]);

  const { limits } = context;
  const referencePrice = order.limitPrice ?? context.lastPrice;
  const unitValue = referencePrice * context.pointValue;
  // A notional buys whole steps of the market's quantity (contracts, billionths of a share).
  const bought = order.notional === undefined ? undefined : order.notional / unitValue;
  const quantity =
    bought === undefined ? order.quantity! : floorToStep(bought, quantityStep(order.market));
  const notional = quantity * unitValue;
  if (bought !== undefined && order.market === "CME" && quantity < 1 && bought > 0)
    return invalid("INVALID_ORDER", {
      problem: true,
      field: "notional",
      message: `notional ${f(order.notional!)} buys ${f(bought)} contracts at ${f(unitValue)} each: CME futures trade whole contracts, so one takes at least ${f(unitValue)}`,
    });
  if (!(quantity > 0) || !Number.isFinite(quantity) || !Number.isFinite(notional))
    return invalid("INVALID_ORDER", {
      problem: true,
      field: order.quantity === undefined ? "notional" : "quantity",
      message: `the order comes to quantity ${f(quantity)} and notional ${f(notional)} at price ${f(referencePrice)}: not a size that can be traded`,
    });

  const book = positionBook(order, context, quantity);
  const { reduces } = book;
  const exempt = "reduces a position: exempt";
  const checks: CheckResult[] = [
    orderPassed,
    { code: "INVALID_CONTEXT", passed: true, message: "INVALID_CONTEXT: the context is valid" },
  ];
  const add = (
    code: DenyCode,
    passed: boolean,
    message: string,
    limit?: number,
    actual?: number,
  ) => {
    const check: CheckResult = { code, passed, message: `${code}: ${message}` };
    if (limit !== undefined) check.limit = limit;
    if (actual !== undefined) check.actual = actual;
    checks.push(check);
  };

  add(
    "TRADING_HALTED",
    context.state !== "halted",
    context.state === "halted" ? "trading is halted: no order passes" : `state is ${context.state}`,
  );

  if (context.state === "reducing")
    add(
      "REDUCE_ONLY",
      reduces,
      reduces
        ? `${order.side} ${f(quantity)} shrinks the position of ${f(book.before)} (at most ${f(book.capacity)} can be reduced)`
        : `state is reducing and ${order.side} ${f(quantity)} ${order.symbol} would ${book.before * order.direction >= 0 ? "open or grow" : "flip"} the position of ${f(book.before)} (at most ${f(book.capacity)} can be reduced)`,
      book.capacity,
      quantity,
    );
  else add("REDUCE_ONLY", true, `state is ${context.state}: any direction`);

  const denied = limits.denySymbols.includes(order.key);
  add(
    "SYMBOL_DENIED",
    !denied || reduces,
    denied
      ? reduces
        ? `${order.key} is on denySymbols; ${exempt}`
        : `${order.key} is on denySymbols`
      : `${order.key} is not on denySymbols`,
  );
  const allowList = limits.allowSymbols;
  const allowed = allowList === undefined || allowList.includes(order.key);
  add(
    "SYMBOL_NOT_ALLOWED",
    allowed || reduces,
    allowList === undefined
      ? "no allowSymbols list"
      : allowed
        ? `${order.key} is on allowSymbols`
        : reduces
          ? `${order.key} is not on allowSymbols; ${exempt}`
          : `${order.key} is not on allowSymbols`,
  );

  const openingQuantity = reduces ? 0 : Math.max(0, quantity - book.capacity);
  shortSaleCheck(add, order, context, book.before, openingQuantity);

  add(
    "MAX_ORDER_QUANTITY",
    within(quantity, limits.maxOrderQuantity),
    `quantity ${f(quantity)} against maxOrderQuantity ${f(limits.maxOrderQuantity)}`,
    limits.maxOrderQuantity,
    quantity,
  );
  add(
    "MAX_ORDER_NOTIONAL",
    within(notional, limits.maxOrderNotional),
    `notional ${f(notional)} (${f(quantity)} x ${f(unitValue)}) against maxOrderNotional ${f(limits.maxOrderNotional)}`,
    limits.maxOrderNotional,
    notional,
  );

  const positionAfter = Math.abs(book.after) * unitValue;
  add(
    "MAX_POSITION",
    reduces || within(positionAfter, limits.maxPositionNotional),
    `position after the order ${f(positionAfter)} (${f(book.after)} units, open orders on this side counted) against maxPositionNotional ${f(limits.maxPositionNotional)}${reduces ? `; ${exempt}` : ""}`,
    limits.maxPositionNotional,
    positionAfter,
  );

  const equity = Math.max(0, context.equity);
  const grossAfter = book.othersGross + positionAfter;
  const grossLimit = limits.maxGrossExposure * equity;
  add(
    "MAX_GROSS_EXPOSURE",
    reduces || within(grossAfter, grossLimit),
    `gross exposure after the order ${f(grossAfter)} against ${f(limits.maxGrossExposure)} x equity ${f(equity)} = ${f(grossLimit)}${reduces ? `; ${exempt}` : ""}`,
    grossLimit,
    grossAfter,
  );
  const netAfter = Math.abs(book.othersNet + book.after * unitValue);
  const netLimit = limits.maxNetExposure * equity;
  add(
    "MAX_NET_EXPOSURE",
    reduces || within(netAfter, netLimit),
    `net exposure after the order ${f(netAfter)} against ${f(limits.maxNetExposure)} x equity ${f(equity)} = ${f(netLimit)}${reduces ? `; ${exempt}` : ""}`,
    netLimit,
    netAfter,
  );

  const { loss, limit: lossLimit } = dailyLoss(context, limits.dailyLossLimit);
  add(
    "DAILY_LOSS_LIMIT",
    reduces || within(loss, lossLimit),
    `loss today ${f(loss)} against ${f(limits.dailyLossLimit)} x day-start equity ${f(context.dayStartEquity)} = ${f(lossLimit)}${reduces ? `; ${exempt}` : ""}`,
    lossLimit,
    loss,
  );

  // A minute is (now - 60 s, now]; orders stamped after now (clock skew) count as recent.
  const lastMinute = context.recent.lastMinute + 1;
  add(
    "ORDER_THROTTLE",
    within(lastMinute, limits.maxOrdersPerMinute),
    `orders in the last 60 s with this one: ${lastMinute}, against maxOrdersPerMinute ${f(limits.maxOrdersPerMinute)}`,
    limits.maxOrdersPerMinute,
    lastMinute,
  );

  const hours = hoursAt(order.market, context.nowMs);
  priceChecks(add, order, context, hours);
  duplicateCheck(add, order, context, quantity);

  if (hours.status === undefined)
    add("MARKET_CLOSED", false, `no ${order.market} session found near ${isoTime(context.nowMs)}`);
  else if (hours.status.open) add("MARKET_CLOSED", true, `${order.market} is open`);
  else {
    const opensAtMs = hours.status.nextOpenMs;
    add(
      "MARKET_CLOSED",
      limits.allowOutsideHours,
      limits.allowOutsideHours
        ? `${order.market} is closed; queued for the session opening ${isoTime(opensAtMs)}`
        : `${order.market} is closed until ${isoTime(opensAtMs)} and allowOutsideHours is off`,
      opensAtMs,
      context.nowMs,
    );
  }

  patternDayTraderCheck(add, order, context, reduces);

  const perUnit = context.marginPerUnit ?? unitValue;
  const required = openingQuantity * perUnit;
  add(
    "BUYING_POWER",
    openingQuantity === 0 || within(required, context.buyingPower),
    openingQuantity === 0
      ? `${exempt} (needs no buying power)`
      : `opening ${f(openingQuantity)} units x ${f(perUnit)} = ${f(required)} against buying power ${f(context.buyingPower)}`,
    context.buyingPower,
    required,
  );

  const clusterAfter = book.clusterOthers + positionAfter;
  const clusterLimit = limits.maxClusterExposure * equity;
  add(
    "CLUSTER_EXPOSURE",
    reduces || within(clusterAfter, clusterLimit),
    `cluster ${book.clusterName} gross after the order ${f(clusterAfter)} against ${f(limits.maxClusterExposure)} x equity ${f(equity)} = ${f(clusterLimit)}${reduces ? `; ${exempt}` : ""}`,
    clusterLimit,
    clusterAfter,
  );

  const failure = checks.find((check) => !check.passed);
  if (failure) {
    const { code, message, limit, actual } = failure;
    return {
      allowed: false,
      reason: {
        code,
        message,
        ...(limit === undefined ? {} : { limit }),
        ...(actual === undefined ? {} : { actual }),
      },
      checks,
    };
  }
  const decision: RiskDecision = { allowed: true, quantity, notional, checks };
  if (hours.status && !hours.status.open)
    decision.queuedForSession = { opensAtMs: hours.status.nextOpenMs };
  return decision;
}

type AddCheck = (
  code: DenyCode,
  passed: boolean,
  message: string,
  limit?: number,
  actual?: number,
) => void;

interface PositionBook {
  /** Signed units held now. */
  before: number;
  /** Signed units after the order, same-side open orders of the symbol counted as filled. */
  after: number;
  /** Units the order's side can take off the position (0 unless it is on the other side). */
  capacity: number;
  reduces: boolean;
  othersGross: number;
  othersNet: number;
  clusterOthers: number;
  clusterName: string;
}

function positionBook(order: ValidOrder, context: ValidContext, quantity: number): PositionBook {
  let before = 0;
  let ownCluster: string | undefined;
  let othersGross = 0;
  let othersNet = 0;
  for (const position of context.positions) {
    if (position.key === order.key) {
      before = position.quantity;
      ownCluster = position.cluster;
    } else {
      othersGross += Math.abs(position.marketValue);
      othersNet += position.marketValue;
    }
  }
  // An untagged symbol is a cluster of its own: never pooled with anything by accident.
  const clusterName = ownCluster ?? context.cluster ?? `(${order.key} alone)`;
  let clusterOthers = 0;
  for (const position of context.positions)
    if (position.key !== order.key && position.cluster === clusterName)
      clusterOthers += Math.abs(position.marketValue);
  const { sameSideOpen } = context;
  const capacity = before * order.direction < 0 ? Math.max(0, Math.abs(before) - sameSideOpen) : 0;
  return {
    before,
    after: before + order.direction * (sameSideOpen + quantity),
    capacity,
    reduces: capacity > 0 && within(quantity, capacity),
    othersGross,
    othersNet,
    clusterOthers,
    clusterName,
  };
}

interface Hours {
  status: MarketStatus | undefined;
  /** Close of the last session that has ended, when the market is shut. */
  lastCloseMs: number | undefined;
}

/**
 * The calendar's answer for a market stays the same from the instant it was computed until the
 * next open (when shut) or the session's close (when open): nothing opens or closes in between.
 * The gate keeps the last answer per market for that span; the calendar rebuilds holiday
 * tables on every call, which would otherwise be a third of the gate's time.
 */
const hoursCache = new Map<Market, { fromMs: number; untilMs: number; hours: Hours }>();

function hoursAt(market: Market, nowMs: number): Hours {
  const cached = hoursCache.get(market);
  if (cached && cached.fromMs <= nowMs && nowMs < cached.untilMs) return cached.hours;
  let status: MarketStatus;
  try {
    status = marketStatus(market, nowMs);
  } catch {
    return { status: undefined, lastCloseMs: undefined };
  }
  const hours: Hours = {
    status,
    lastCloseMs: status.open ? undefined : lastCloseBefore(market, nowMs),
  };
  const untilMs = status.open ? status.nextCloseMs : status.nextOpenMs;
  hoursCache.set(market, { fromMs: nowMs, untilMs, hours });
  return hours;
}

/** Close of the last session that ended at or before `nowMs`, within about two weeks. */
function lastCloseBefore(market: Market, nowMs: number): number | undefined {
  const today = market === "CRYPTO" ? Math.floor(nowMs / dayMs) : newYorkDay(nowMs);
  for (let day = today + 1; day >= today - 15; day--) {
    const session = sessionOn(market, day);
    if (session && session.closeMs <= nowMs) return session.closeMs;
  }
  return undefined;
}

function priceChecks(add: AddCheck, order: ValidOrder, context: ValidContext, hours: Hours) {
  const { maxPriceAgeMs, priceCollarBps } = context.limits;
  // With the market shut the last trade is as old as the close; it is fresh when it is recent
  // at that close (or later: extended hours). A trade stamped in the future beyond the window
  // means a broken clock or feed.
  const asOfMs = hours.lastCloseMs ?? context.nowMs;
  if (context.lastTradeMs > context.nowMs + maxPriceAgeMs) {
    const aheadMs = context.lastTradeMs - context.nowMs;
    add(
      "STALE_PRICE",
      false,
      `the last trade is stamped ${f(aheadMs)} ms after now, beyond maxPriceAgeMs ${f(maxPriceAgeMs)}: clock or feed is wrong`,
      maxPriceAgeMs,
      -aheadMs,
    );
  } else {
    const ageMs = Math.max(0, asOfMs - context.lastTradeMs);
    add(
      "STALE_PRICE",
      within(ageMs, maxPriceAgeMs),
      `last trade ${f(ageMs)} ms old${hours.lastCloseMs === undefined ? "" : " at the last close"} against maxPriceAgeMs ${f(maxPriceAgeMs)}`,
      maxPriceAgeMs,
      ageMs,
    );
  }
  if (order.limitPrice === undefined) {
    add("PRICE_COLLAR", true, "market order: no limit price to collar", priceCollarBps);
    return;
  }
  const distanceBps = (Math.abs(order.limitPrice - context.lastPrice) / context.lastPrice) * 10_000;
  add(
    "PRICE_COLLAR",
    within(distanceBps, priceCollarBps),
    `limit ${f(order.limitPrice)} is ${f(distanceBps)} bps from the last trade ${f(context.lastPrice)}, against priceCollarBps ${f(priceCollarBps)}`,
    priceCollarBps,
    distanceBps,
  );
}

function sameSize(a: number, b: number): boolean {
  return Math.abs(a - b) <= relativeTolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * The same symbol, side and strategy (both without one counts as the same), and the same
 * notional when both were given as notional, else the same quantity, submitted less than
 * `duplicateWindowMs` ago (or stamped after now).
 */
function duplicateCheck(add: AddCheck, order: ValidOrder, context: ValidContext, quantity: number) {
  const windowMs = context.limits.duplicateWindowMs;
  let youngestMs: number | undefined;
  // Candidates already match symbol, side and strategy and are inside the window.
  for (const recent of context.recent.candidates) {
    const same =
      order.notional !== undefined && recent.notional !== undefined
        ? sameSize(order.notional, recent.notional)
        : sameSize(quantity, recent.quantity);
    if (same && (youngestMs === undefined || recent.ageMs < youngestMs)) youngestMs = recent.ageMs;
  }
  if (youngestMs === undefined)
    add("DUPLICATE_ORDER", true, `no same order within duplicateWindowMs ${f(windowMs)}`, windowMs);
  else {
    // A negative age: the earlier order's stamp (the database's clock) is ahead of this clock.
    const when =
      youngestMs >= 0
        ? `${f(youngestMs)} ms ago`
        : `${f(-youngestMs)} ms in the future by this process's clock (its stamp comes from a clock ahead of this one)`;
    add(
      "DUPLICATE_ORDER",
      false,
      `the same order (${order.side} ${f(quantity)} ${order.key}${order.strategyId === undefined ? "" : `, strategy ${order.strategyId}`}) was submitted ${when}, within duplicateWindowMs ${f(windowMs)}`,
      windowMs,
      youngestMs,
    );
  }
}

/**
 * FINRA Rule 4210(f)(8)(B), as this gate applies it: on NYSE (US equities; futures, FX and
 * crypto are outside the rule), an order that opens or grows a position (any order that is
 * not a pure reduction: whatever opens now could be closed the same day) is denied when the
 * account's equity, the lower of now and the day's start (the rule wants the minimum "prior
 * to any day-trading"), is under $25,000 and either the account is flagged a pattern day
 * trader or has made 3 or more day trades in the last five business days (the next one would
 * be the fourth). Orders that reduce are never held back: an exit is always allowed.
 * A flagged account at or above $25,000 may day trade, as the rule provides.
 */
function patternDayTraderCheck(
  add: AddCheck,
  order: ValidOrder,
  context: ValidContext,
  reduces: boolean,
) {
  const equity = Math.min(context.equity, context.dayStartEquity);
  const minimum = patternDayTraderMinimumEquity;
  if (order.market !== "NYSE") {
    add("PATTERN_DAY_TRADER", true, `${order.market} is outside FINRA's day-trading rule`);
    return;
  }
  if (reduces) {
    add("PATTERN_DAY_TRADER", true, "reduces a position: an exit is always allowed");
    return;
  }
  if (equity >= minimum) {
    add(
      "PATTERN_DAY_TRADER",
      true,
      `equity ${f(equity)} is at least the $25,000 day-trading minimum`,
      minimum,
      equity,
    );
    return;
  }
  if (context.patternDayTrader) {
    add(
      "PATTERN_DAY_TRADER",
      false,
      `a flagged pattern day trader with equity ${f(equity)} under the $25,000 minimum may not open a position it could close today`,
      minimum,
      equity,
    );
    return;
  }
  const allowedDayTrades = patternDayTradesBeforeRestriction - 1;
  const dayTrades = context.dayTradesLast5Days;
  add(
    "PATTERN_DAY_TRADER",
    dayTrades <= allowedDayTrades,
    dayTrades <= allowedDayTrades
      ? `${dayTrades} day trades in 5 business days (at most ${allowedDayTrades} with equity ${f(equity)} under $25,000)`
      : `${dayTrades} day trades in 5 business days with equity ${f(equity)} under $25,000: another would make a pattern day trader, so no position may open`,
    allowedDayTrades,
    dayTrades,
  );
}

/**
 * A sell of more than the account holds (open sells counted) sells short. Stocks and crypto
 * are borrowed for that: the account must allow shorting (a margin account with shorting on)
 * and the broker must say it can lend the symbol now (`market.shortable`; unknown denies). A
 * broker refuses such an order anyway, but only after a person approved it; the gate says so
 * first. Futures and currency pairs are sold short as ordinary positions: not checked.
 */
function shortSaleCheck(
  add: AddCheck,
  order: ValidOrder,
  context: ValidContext,
  before: number,
  openingQuantity: number,
) {
  if (order.side === "buy") {
    add("SHORT_SALE", true, "a buy is not a short sale");
    return;
  }
  if (order.market === "CME" || order.market === "FX") {
    add("SHORT_SALE", true, `${order.market} positions are sold short without a borrow`);
    return;
  }
  if (openingQuantity === 0) {
    add("SHORT_SALE", true, `sells out of the position of ${f(before)}: not short`);
    return;
  }
  const shortBy = `selling ${f(openingQuantity)} ${order.key} more than the account holds (position ${f(before)}, open sells counted) is a short sale`;
  if (!context.shortingEnabled)
    add(
      "SHORT_SALE",
      false,
      `${shortBy}, and the account does not allow short selling`,
      0,
      openingQuantity,
    );
  else if (context.shortable !== true)
    add(
      "SHORT_SALE",
      false,
      `${shortBy}, and the broker ${context.shortable === false ? "cannot lend" : "did not say whether it can lend"} ${order.key} now`,
      0,
      openingQuantity,
    );
  else
    add(
      "SHORT_SALE",
      true,
      `${shortBy}: the account allows shorting and the broker can lend ${order.key}`,
    );
}

function isoTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}
