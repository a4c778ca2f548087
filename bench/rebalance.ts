import { hardLimits, checkOrder, type RiskContext } from "../engine/risk/index.ts";
import { mulberry32 } from "../engine/random.ts";
import { marketOf } from "../tools/bars/market-of.ts";
import { checkInBatch } from "../tools/portfolio/rebalance-gate.ts";
import { planRebalance, type PlannedOrder } from "../tools/portfolio/rebalance-plan.ts";
import { interleave, type BenchRow } from "./report.ts";

// rebalance_portfolio's computation for 200 strategies (bench/portfolio.ts prints it): each
// strategy's weight spread over its 3-symbol universe (300 symbols in all), the drift and the
// order list (planRebalance), then every order through the risk gate against the account as the
// batch's earlier orders leave it (checkInBatch), at the hard limits. The broker and database
// reads the tool also makes are left out. Baseline, timed in the same rounds: the gate alone on
// each order against the unchanged account (checkOrder without the batch's accounting).
const strategies = 200;
const universeSize = 3;
const symbolCount = 300;
const rounds = 7;
/** Tuesday 2024-06-04 15:30 New York: NYSE is open. */
const nowMs = Date.UTC(2024, 5, 4, 19, 30);

function scenario() {
  const random = mulberry32(21);
  const symbols = Array.from({ length: symbolCount }, (_, i) => `S${String(i).padStart(3, "0")}`);
  const universes = Array.from({ length: strategies }, () =>
    Array.from({ length: universeSize }, () => symbols[Math.floor(random() * symbolCount)]!),
  );
  const raw = universes.map(() => 0.5 + random());
  const total = raw.reduce((sum, value) => sum + value, 0);
  const weights = raw.map((value) => (0.95 * value) / total);
  const prices = new Map(symbols.map((symbol) => [symbol, 10 + 490 * random()]));
  const holdings = new Map(
    symbols.map((symbol) => {
      const quantity = Math.floor(50 * random());
      return [symbol, { quantity, marketValue: quantity * prices.get(symbol)! }];
    }),
  );
  const invested = [...holdings.values()].reduce((sum, holding) => sum + holding.marketValue, 0);
  const cash = 0.1 * invested;
  return { universes, weights, prices, holdings, equity: invested + cash, cash };
}

/** Each strategy's weight split evenly over its universe (rebalance-targets.ts's rule). */
function symbolTargets(universes: string[][], weights: number[]): Map<string, number> {
  const targets = new Map<string, number>();
  universes.forEach((universe, index) => {
    for (const symbol of universe)
      targets.set(symbol, (targets.get(symbol) ?? 0) + weights[index]! / universe.length);
  });
  return targets;
}

export function benchRebalance(): BenchRow {
  const { universes, weights, prices, holdings, equity, cash } = scenario();
  const positions = [...holdings].map(([symbol, holding]) => ({ symbol, ...holding }));
  const contextOf = (order: PlannedOrder): RiskContext => ({
    state: "active",
    limits: { ...hardLimits },
    market: { lastPrice: order.price, lastTradeMs: nowMs - 1000 },
    nowMs,
    account: {
      equity,
      buyingPower: cash,
      dayStartEquity: equity,
      realizedPnlToday: 0,
      patternDayTrader: false,
      shortingEnabled: false,
      dayTradesLast5Days: 0,
      positions,
      recentOrders: [],
      openOrders: [],
    },
  });
  const account = { equity, buyingPower: cash, holdings, prices };
  const rebalance = () => {
    const plan = planRebalance(symbolTargets(universes, weights), account, 10);
    const passed: PlannedOrder[] = [];
    for (const order of plan.orders)
      if (checkInBatch(order, contextOf(order), passed).allowed) passed.push(order);
    return { orders: plan.orders.length, passed: passed.length };
  };
  const orders = planRebalance(symbolTargets(universes, weights), account, 10).orders;
  const gateAlone = () => {
    let allowed = 0;
    for (const order of orders) {
      const { symbol, side, quantity } = order;
      const decision = checkOrder(
        { symbol, side, quantity, type: "market", market: marketOf(symbol) },
        contextOf(order),
      );
      if (decision.allowed) allowed++;
    }
    return allowed;
  };
  const medians = interleave({ rebalance, gateAlone }, rounds);
  const outcome = rebalance();
  return {
    name: `rebalance, ${strategies} strategies`,
    oursMs: medians.rebalance!,
    peersMs: {},
    baselineMs: medians.gateAlone!,
    baselineName: "risk gate alone, per order",
    notes: [
      `${symbolCount} symbols, ${outcome.orders} orders; ${outcome.passed} pass the gate in one batch (the hard limit of ${hardLimits.maxOrdersPerMinute} orders a minute stops the rest); broker and database reads not included`,
    ],
    targets: [],
  };
}
