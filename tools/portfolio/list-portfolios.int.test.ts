import { afterEach, describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { describeResult } from "../replies/describe-result.ts";
import { runTool } from "../run-tool.ts";
import { constructPortfolioTool } from "./construct-portfolio.ts";
import { listPortfolios } from "./list-portfolios.ts";
import type { ConstructPortfolioOutput } from "./portfolio-schema.ts";

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** Three series of 300 daily returns, each a sine of its own frequency around a small drift. */
const returns = Object.fromEntries(
  [1, 2, 3].map((f) => [
    `S${f}`,
    Array.from({ length: 300 }, (_, i) => Math.sin(i * f) / 100 + 0.0003 * f),
  ]),
);

interface Listed {
  portfolios: {
    id: string;
    objective: string;
    weights: { asset: string; name: string | null; weight: number }[];
    cash: number;
    expectedReturn: number;
    volatility: number;
    sharpe: number | null;
    observations: number | null;
    history: unknown;
  }[];
}

async function setUp() {
  store = await createTestStore();
  const context = testContext(store);
  const build = (input: unknown) =>
    runTool(constructPortfolioTool, input, context) as Promise<ConstructPortfolioOutput>;
  const list = (input: unknown = {}) => runTool(listPortfolios, input, context) as Promise<Listed>;
  return { context, build, list };
}

describe("list_portfolios", () => {
  it("lists stored portfolios newest first, each with its numbers as construct_portfolio gave them", async () => {
    const { build, list } = await setUp();
    expect((await list()).portfolios).toEqual([]);
    const older = await build({ returns, objective: "equalWeight" });
    const newer = await build({
      returns,
      objective: "minVariance",
      constraints: { cashBuffer: 0.2 },
    });

    const { portfolios } = await list();
    expect(portfolios.map(({ id, objective }) => [id, objective])).toEqual([
      [newer.id, "minVariance"],
      [older.id, "equalWeight"],
    ]);
    const [first, second] = portfolios;
    expect(first).toMatchObject({
      expectedReturn: newer.expectedReturn,
      volatility: newer.volatility,
      sharpe: newer.sharpe,
      observations: 300,
    });
    // The weights leave the 20% buffer in cash, largest first.
    expect(first!.cash).toBeCloseTo(0.2, 10);
    const weights = first!.weights.map(({ weight }) => weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(Object.fromEntries(first!.weights.map(({ asset, weight }) => [asset, weight]))).toEqual(
      newer.weights,
    );
    // Equal weight by hand: a third each, nothing in cash.
    expect(second!.weights.map(({ weight }) => weight)).toEqual(
      [1, 2, 3].map(() => expect.closeTo(1 / 3, 12)),
    );
    expect(second!.cash).toBeCloseTo(0, 12);
    expect(second!.weights.every(({ name }) => name === null)).toBe(true);

    expect((await list({ limit: 1 })).portfolios.map(({ id }) => id)).toEqual([newer.id]);
    expect((await list({ portfolioId: older.id })).portfolios.map(({ id }) => id)).toEqual([
      older.id,
    ]);
    const reply = describeResult("list_portfolios", (await list()) as never);
    expect(reply).toContain(`- ${newer.id} (minVariance, built `);
    expect(reply).toContain("cash 20.00%");
    const one = describeResult("list_portfolios", (await list({ portfolioId: older.id })) as never);
    expect(one).toMatch(new RegExp(`^Portfolio ${older.id} \\(equalWeight, built `));
    expect(one).toContain(`"rebalance portfolio ${older.id}"`);
    // Undated series count periods; the risk is the one construct_portfolio measured.
    expect(one).toContain(
      "Held at these weights and rebalanced every period over the same 300 periods (in sample",
    );
    expect(one).toContain(
      `on the 15 worst periods of 300 it lost ${(100 * older.history.valueAtRisk).toFixed(2)}% or more`,
    );
  });

  it("shows a portfolio stored before its risk was measured without it", async () => {
    const { context, build, list } = await setUp();
    const built = await build({ returns, objective: "equalWeight" });
    const { history: _history, ...result } = built;
    const stored = await context.store.savePortfolio({
      assets: Object.keys(built.weights),
      source: "returns",
      objective: "equalWeight",
      request: {},
      weights: built.weights,
      expectedReturn: built.expectedReturn,
      volatility: built.volatility,
      result,
      actor: "test",
    });
    const listed = await list({ portfolioId: stored.id });
    expect(listed.portfolios[0]).toMatchObject({ id: stored.id, history: null });
    const reply = describeResult("list_portfolios", listed as never);
    expect(reply).toMatch(/Sharpe \d/);
    expect(reply).not.toContain("value at risk");
  });

  it("names an unknown id and a malformed one", async () => {
    const { list } = await setUp();
    await expect(
      list({ portfolioId: "6f4f185c-d604-45f2-887c-e3375e2387c1" }),
    ).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringContaining("no stored portfolio has the id"),
    });
    await expect(list({ portfolioId: "latest" })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("a stored portfolio's id: a UUID"),
    });
    await expect(list({ limit: 0 })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(list({ what: 1 })).rejects.toMatchObject({ code: "invalid_input" });
  });
});
