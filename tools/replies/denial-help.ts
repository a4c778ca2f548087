/** Where a person changes a limit: never from chat, where a message could be forged or injected. */
const limitsAreAPersons =
  "The limits are a person's to change, never chat's: RISK_LIMITS in the environment (within the hard boundaries), or `npx alphadesk controls --limits` to tighten them; \"what are the risk limits?\" shows those in force.";

const sizeLimit = `A smaller order may pass. ${limitsAreAPersons}`;

const lossLimitReached =
  'Today\'s loss reached the daily loss limit: until the next day only orders that shrink a position pass ("how close am I to my daily loss limit?").';

/** What a person can do about each risk-gate denial, by its code (engine/risk DenyCode). */
const help: Record<string, string> = {
  TRADING_HALTED:
    "The kill switch is on: no order passes until a person lifts it with `npx alphadesk resume`.",
  REDUCE_ONLY: lossLimitReached,
  DAILY_LOSS_LIMIT: lossLimitReached,
  SYMBOL_DENIED: `The symbol is on RISK_LIMITS' denySymbols. ${limitsAreAPersons}`,
  SYMBOL_NOT_ALLOWED: `RISK_LIMITS' allowSymbols lists the symbols that may trade, and this is not one. ${limitsAreAPersons}`,
  SHORT_SALE:
    'Selling more than the position holds would sell short, which the limits forbid: sell at most what you hold ("what are my positions?").',
  MAX_ORDER_QUANTITY: sizeLimit,
  MAX_ORDER_NOTIONAL: sizeLimit,
  MAX_POSITION: sizeLimit,
  MAX_GROSS_EXPOSURE: sizeLimit,
  MAX_NET_EXPOSURE: sizeLimit,
  CLUSTER_EXPOSURE: `Symbols that move together count as one cluster, and this one is full. ${sizeLimit}`,
  BUYING_POWER: "The account cannot pay for it: a smaller order may pass.",
  ORDER_THROTTLE: "Too many orders in the last minute: propose it again in a minute.",
  PRICE_COLLAR: `A limit price nearer the last trade passes. ${limitsAreAPersons}`,
  STALE_PRICE:
    "The last trade is too old to check the order against: propose it again once prices are current (a market-data provider, or fresh bars).",
  DUPLICATE_ORDER:
    'The same order was proposed moments ago: decide that one ("show pending approvals").',
  MARKET_CLOSED: 'Propose it again when the session opens ("is the market open?").',
  PATTERN_DAY_TRADER:
    "FINRA's pattern day-trader rule: under $25,000 of equity, a flagged account may not open a position it could close today.",
};

/** What to do after a denial with `code`; undefined where the reason says it all. */
export const denialHelp = (code: string | undefined): string | undefined =>
  code === undefined ? undefined : help[code];
