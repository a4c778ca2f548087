import { afterEach, describe, expect, it, vi } from "vitest";
import { indicatorCatalog, type ParameterRule } from "../../engine/indicators/catalog.ts";
import { issueExampleSpec } from "../../test/support/issue-example-spec.ts";
import { AlphadeskError } from "../errors.ts";
import { parseToolInput } from "../run-tool.ts";
import { parseStrategySpec, strategyId } from "../strategy/spec-schema.ts";
import { generateCode } from "./generate-code.ts";
import { codeTargetNames, generateStrategyCode } from "./generate.ts";
import { indicatorFunctions } from "./targets/python/indicator-functions.ts";
import { snakeCase } from "./targets/python/syntax.ts";

afterEach(() => {
  vi.useRealTimers();
});

const refusal = (input: unknown) => {
  try {
    parseToolInput(generateCode, input);
  } catch (error) {
    if (error instanceof AlphadeskError) return error;
  }
  throw new Error("the input was accepted");
};

describe("generateStrategyCode for python", () => {
  it("gives identical bytes for the same strategy, whenever and however it is written", () => {
    const first = generateStrategyCode(issueExampleSpec, "python");
    vi.useFakeTimers({ toFake: ["Date"] }); // the clock only: no timer of a shared PGlite is caught
    vi.setSystemTime(Date.UTC(2031, 6, 4, 12));
    const reordered = Object.fromEntries(Object.entries(issueExampleSpec).reverse());
    const withDefaults = { ...issueExampleSpec, side: "long", filters: [] };
    for (const spec of [issueExampleSpec, reordered, withDefaults, parseStrategySpec(reordered)])
      expect(generateStrategyCode(spec, "python")).toEqual(first);
    expect(first.code).not.toContain("2031");
  });

  it("names the file and carries the spec hash (the strategy id) and the generator version", () => {
    const generated = generateStrategyCode(issueExampleSpec, "python");
    const hash = strategyId(parseStrategySpec(issueExampleSpec));
    expect(generated).toMatchObject({
      filename: "sma_20_50_crossover.py",
      target: "python",
      specHash: hash,
      generatorVersion: "1.0.0",
    });
    expect(generated.code).toContain(`SPEC_HASH = "${hash}"`);
    expect(generated.code).toContain('GENERATOR_VERSION = "1.0.0"');
    expect(generated.code).toContain(
      "#   Entry: sma(close, period=20) crosses above sma(close, period=50), judged on a bar's close",
    );
  });

  it("carries only the indicators the strategy uses, with what they call", () => {
    const { code } = generateStrategyCode(
      { ...issueExampleSpec, exit: { gt: ["close", { keltner: { output: "upper" } }] } },
      "python",
    );
    const defined = [...code.matchAll(/^def (\w+)\(/gm)].map((match) => match[1]);
    expect(defined).toEqual(expect.arrayContaining(["sma", "keltner", "ema", "atr", "true_range"]));
    expect(defined).not.toContain("rsi");
    expect(defined).not.toContain("macd");
  });

  it("keeps user text inside comments, whatever it holds", () => {
    const name = 'x\n"""\nimport os\rraise SystemExit\u2028pwned\u0000';
    const { code, filename } = generateStrategyCode(
      { ...issueExampleSpec, name, description: "a\r\nb\u000bc" },
      "python",
    );
    expect(filename).toBe("x_import_os_raise_systemexit_pwned.py");
    const lines = code.split("\n");
    for (const fragment of ["import os", "raise SystemExit", "pwned", "c"])
      for (const line of lines.filter((candidate) => candidate.endsWith(fragment)))
        expect(line.startsWith("#")).toBe(true);
    expect(code).not.toContain("\u0000");
  });

  it("refuses what the engine would refuse, with the engine's message", () => {
    const spec = {
      ...issueExampleSpec,
      entry: { gt: [{ macd: { fast: 30, output: "macd" } }, 0] },
    };
    expect(() => generateStrategyCode(spec, "python")).toThrow(
      "`fast` must be smaller than `slow` (was 30 and 26)",
    );
  });
});

describe("the python runtime", () => {
  it("has a function for every indicator of the catalog, taking the catalog's parameters", () => {
    for (const [name, definition] of Object.entries(indicatorCatalog)) {
      const parameters = Object.keys(definition.parameters as Record<string, ParameterRule>);
      const signature = [definition.usesSource ? "source" : "bars", ...parameters.map(snakeCase)];
      const code = indicatorFunctions.find((candidate) => candidate.name === snakeCase(name))?.code;
      expect(code, name).toContain(`def ${snakeCase(name)}(${signature.join(", ")}):`);
    }
  });
});

describe("generate_code input", () => {
  it("names the field of an invalid spec", () => {
    const error = refusal({
      target: "python",
      spec: { ...issueExampleSpec, entry: { crossAbove: [{ sma: { period: 1 } }, "close"] } },
    });
    expect(error.code).toBe("invalid_input");
    expect(error.issues).toContainEqual(
      expect.objectContaining({ path: ["spec", "entry", "crossAbove", 0, "sma", "period"] }),
    );
    expect(error.message).toContain("spec.entry.crossAbove[0].sma.period: Too small");
  });

  it("offers only the targets that exist, and wants one spec or strategy id", () => {
    expect([...codeTargetNames].sort()).toEqual(
      ["alpaca-python", "alpaca-typescript", "mt5", "pine", "python", "quantconnect"].sort(),
    );
    expect(refusal({ spec: issueExampleSpec, target: "cobol" }).issues).toContainEqual(
      expect.objectContaining({ path: ["target"] }),
    );
    expect(refusal({ target: "python" }).issues).toContainEqual(
      expect.objectContaining({
        path: ["spec"],
        message: "give exactly one of `spec` or `strategyId`",
      }),
    );
    expect(refusal({ strategyId: "12", target: "python" }).issues).toContainEqual(
      expect.objectContaining({ path: ["strategyId"] }),
    );
  });
});
