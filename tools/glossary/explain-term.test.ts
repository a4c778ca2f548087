import { describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { AlphadeskError } from "../errors.ts";
import { describeResult } from "../replies/describe-result.ts";
import { runTool } from "../run-tool.ts";
import { explainTerm } from "./explain-term.ts";
import { glossary, lookUpTerm, termIn } from "./terms.ts";

describe("explain_term", () => {
  it("explains a term however it is written, with how Alphadesk computes it", async () => {
    const store = await createTestStore();
    try {
      const run = (term: string) => runTool(explainTerm, { term }, testContext(store));
      const sharpe = (await run("  a SHARPE ratio ")) as { term: string; computed: string };
      expect(sharpe.term).toBe("Sharpe ratio");
      // The engine's conventions, as the issue states them: daily returns, √252, risk-free 0.
      expect(sharpe.computed).toMatch(
        /sample standard deviation, times √252; the risk-free rate is 0/,
      );
      expect(describeResult("explain_term", sharpe)).toMatch(
        /^Sharpe ratio: .*\nHow Alphadesk computes it: .*\nReading it: .*\nSee also: Sortino ratio, deflated Sharpe ratio, volatility\.$/,
      );
      expect(((await run("PBO")) as { term: string }).term).toBe(
        "probability of backtest overfitting",
      );
    } finally {
      await store.close();
    }
  });

  it("names what is wrong: no term, a long one, an unknown one with the terms it knows", async () => {
    const store = await createTestStore();
    try {
      const refusal = (input: unknown) =>
        runTool(explainTerm, input, testContext(store)).then(
          () => undefined,
          (error: unknown) => error as AlphadeskError,
        );
      expect(await refusal({ term: " " })).toMatchObject({
        code: "invalid_input",
        message: expect.stringContaining("name a term"),
      });
      expect(await refusal({ term: "x".repeat(61) })).toMatchObject({ code: "invalid_input" });
      expect(await refusal({})).toMatchObject({ code: "invalid_input" });
      expect(await refusal({ term: "gamma" })).toMatchObject({
        code: "not_found",
        message: expect.stringMatching(
          /no glossary entry for "gamma"; the terms are: Sharpe ratio, /,
        ),
      });
    } finally {
      await store.close();
    }
  });

  it("points only at terms it has, and each alias at one entry", () => {
    for (const entry of glossary)
      for (const related of entry.seeAlso) expect(lookUpTerm(related), related).toBeDefined();
    const aliases = glossary.flatMap((entry) => entry.aliases);
    expect(new Set(aliases).size).toBe(aliases.length);
    // The longest phrase written wins: "deflated Sharpe ratio" is not the Sharpe ratio.
    expect(termIn("what is the deflated sharpe ratio?")?.term).toBe("deflated Sharpe ratio");
  });
});
