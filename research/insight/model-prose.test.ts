import { describe, expect, it } from "vitest";
import type { TextModel, TextRequest } from "../../tools/ports/text-model.ts";
import type { Section } from "./compose-explanation.ts";
import type { Fact } from "./explanation-facts.ts";
import { proseFromModel } from "./model-prose.ts";

const facts: Fact[] = [
  { name: "backtest.totalReturn", value: 0.25, text: "+25.0%" },
  { name: "strategy.universe", value: "SPY", text: "SPY" },
];

const draft: Section[] = [
  { key: "rules", title: "What it does", text: "It trades {strategy.universe}." },
  { key: "exploits", title: "What it tries to profit from", text: "Trends." },
  { key: "why", title: "Why that can work", text: "Slow news." },
  { key: "works", title: "When it works", text: "Long rises." },
  { key: "fails", title: "When it fails", text: "Sideways markets." },
  { key: "risks", title: "Risks", text: "Late exits." },
  { key: "evidence", title: "What the test showed", text: "It returned {backtest.totalReturn}." },
];

/** A model that answers each section with `write(key)`. */
const modelAnswering = (
  write: (key: string) => string,
  wrap = (json: string) => json,
): TextModel & { requests: TextRequest[] } => {
  const requests: TextRequest[] = [];
  return {
    name: "model fake",
    requests,
    writeText: async (request) => {
      requests.push(request);
      return wrap(JSON.stringify(Object.fromEntries(draft.map(({ key }) => [key, write(key)]))));
    },
  };
};

const options = (overrides: Partial<Parameters<typeof proseFromModel>[3]> = {}) => ({
  level: "beginner" as const,
  jargonFree: false,
  timeLimitMs: 1_000,
  signal: new AbortController().signal,
  ...overrides,
});

describe("proseFromModel", () => {
  it("renders the model's sections through the facts, titles kept", async () => {
    const model = modelAnswering((key) =>
      key === "evidence"
        ? "Over the test it made {backtest.totalReturn} on {strategy.universe}."
        : `Plain ${key}.`,
    );
    const prose = await proseFromModel(model, draft, facts, options());
    expect(prose).toEqual({
      ok: true,
      sections: draft.map(({ key, title }) => ({
        key,
        title,
        text: key === "evidence" ? "Over the test it made +25.0% on SPY." : `Plain ${key}.`,
      })),
    });
    // The model saw the facts and the draft, and was told to cite numbers by placeholder only.
    const [request] = model.requests;
    expect(request!.instructions).toContain("Never write a digit");
    expect(JSON.parse(request!.prompt)).toMatchObject({
      facts: { "backtest.totalReturn": "+25.0%" },
      draft: { evidence: "It returned {backtest.totalReturn}." },
    });
  });

  it("takes the JSON out of a Markdown fence", async () => {
    const model = modelAnswering(
      (key) => `Text ${key}.`,
      (json) => `Here it is:\n\`\`\`json\n${json}\n\`\`\``,
    );
    expect((await proseFromModel(model, draft, facts, options())).ok).toBe(true);
  });

  it("refuses a number the facts do not hold, an unknown fact, jargon when jargon-free, and non-JSON", async () => {
    const refusal = async (model: TextModel, jargonFree = false) => {
      const prose = await proseFromModel(model, draft, facts, options({ jargonFree }));
      expect(prose.ok).toBe(false);
      return (prose as { reason: string }).reason;
    };
    expect(
      await refusal(
        modelAnswering((key) => (key === "evidence" ? "It made 31% a year." : "Text.")),
      ),
    ).toBe('model fake wrote a number that is not one of the facts ("31%")');
    expect(await refusal(modelAnswering(() => "It made {backtest.sharpe}."))).toBe(
      "model fake cited facts that do not exist ({backtest.sharpe})",
    );
    expect(
      await refusal(
        modelAnswering(() => "Its Sharpe ratio was fine."),
        true,
      ),
    ).toBe("model fake used trading terms in a jargon-free explanation (Sharpe)");
    expect(
      await refusal({ name: "model fake", writeText: async () => "I cannot help with that." }),
    ).toBe("model fake did not answer with the JSON object of sections asked for");
    expect(await refusal(modelAnswering((key) => (key === "why" ? "" : "Text.")))).toContain(
      "JSON object",
    );
  });

  it("reports a failing model, and one that does not answer within the time limit", async () => {
    const failing: TextModel = {
      name: "model fake",
      writeText: async () => {
        throw new Error("HTTP 500");
      },
    };
    expect(await proseFromModel(failing, draft, facts, options())).toEqual({
      ok: false,
      reason: "model fake failed: HTTP 500",
    });
    let sawAbort = false;
    const silent: TextModel = {
      name: "model fake",
      writeText: (_, signal) =>
        new Promise(() => {
          signal?.addEventListener("abort", () => (sawAbort = true));
        }),
    };
    const started = Date.now();
    expect(await proseFromModel(silent, draft, facts, options({ timeLimitMs: 50 }))).toEqual({
      ok: false,
      reason: "model fake did not answer within 0.05 s",
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(sawAbort).toBe(true);
  });

  it("passes the caller's cancellation on instead of falling back", async () => {
    const controller = new AbortController();
    const cancelled: TextModel = {
      name: "model fake",
      writeText: () => {
        controller.abort(new Error("cancelled by the user"));
        return Promise.reject(new Error("aborted"));
      },
    };
    await expect(
      proseFromModel(cancelled, draft, facts, options({ signal: controller.signal })),
    ).rejects.toThrow("aborted");
  });
});
