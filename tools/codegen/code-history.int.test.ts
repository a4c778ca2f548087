import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { issueExampleSpec } from "../../test/support/issue-example-spec.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { codeHistory } from "./code-history.ts";
import { diffGeneratedCode } from "./diff-generated-code.ts";
import { generateCode } from "./generate-code.ts";

let store: Store;
beforeEach(async () => {
  store = await createTestStore();
});

interface Generated {
  code: string;
  specHash: string;
  contentHash: string;
  generationId: string;
  generatorVersion: string;
  filename: string;
}
interface Listed {
  generations: { generationId: string; contentHash: string; actor: string; strategyName: string }[];
}
interface Diffed {
  identical: boolean;
  linesAdded: number;
  linesRemoved: number;
  diff: string;
  from: { contentHash: string };
  to: { contentHash: string };
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const generate = async (spec: unknown, actor = "cli") =>
  (await runTool(
    generateCode,
    { spec, target: "python" },
    { ...testContext(store), actor },
  )) as Generated;
const history = async (input: unknown) =>
  (await runTool(codeHistory, input, testContext(store))) as Listed;
const diff = async (input: unknown) =>
  (await runTool(diffGeneratedCode, input, testContext(store))) as Diffed;

describe("the code generator's audit trail", () => {
  it("records every generation, the program once, and its hash is the sha256 of its bytes", async () => {
    const first = await generate(issueExampleSpec, "slack:U1");
    const again = await generate(issueExampleSpec, "cli");
    expect(again.code).toBe(first.code);
    expect(first.contentHash).toBe(sha256(first.code));
    expect(again.contentHash).toBe(first.contentHash);
    expect(again.generationId).not.toBe(first.generationId);
    // An inline spec is stored, so the trail names its strategy.
    expect((await store.requestStrategy(first.specHash))?.name).toBe("SMA 20/50 crossover");

    const listed = await history({ strategyId: first.specHash });
    expect(listed.generations.map((row) => [row.generationId, row.actor])).toEqual([
      [again.generationId, "cli"],
      [first.generationId, "slack:U1"],
    ]);
    expect(listed.generations[0]!.strategyName).toBe("SMA 20/50 crossover");
    expect((await history({ strategyId: "0".repeat(64) })).generations).toEqual([]);
    expect((await history({ limit: 1 })).generations).toHaveLength(1);
  });

  it("diffs two programs by hash: the changed line, counted by hand", async () => {
    const slow50 = await generate(issueExampleSpec);
    const slow60 = await generate({
      ...issueExampleSpec,
      exit: { crossBelow: [{ sma: { period: 20 } }, { sma: { period: 60 } }] },
    });
    const result = await diff({ from: slow50.contentHash, to: slow60.contentHash });
    expect(result.identical).toBe(false);
    expect(result.diff).toContain(`--- ${slow50.filename} (${slow50.contentHash.slice(0, 12)}`);
    expect(result.diff).toMatch(/^-.*"period": 50/m);
    expect(result.diff).toMatch(/^\+.*"period": 60/m);
    const lines = result.diff.split("\n").slice(4);
    expect(result.linesAdded).toBe(lines.filter((line) => line.startsWith("+")).length);
    expect(result.linesRemoved).toBe(lines.filter((line) => line.startsWith("-")).length);

    const same = await diff({ from: slow50.contentHash, to: slow50.contentHash });
    expect(same).toMatchObject({ identical: true, linesAdded: 0, linesRemoved: 0, diff: "" });
  });

  it("compares a strategy's two newest distinct programs (an older generator's, say)", async () => {
    const current = await generate(issueExampleSpec);
    // What an earlier generator version wrote for the same spec: one line differs.
    const older = current.code.replace(
      `GENERATOR_VERSION = "${current.generatorVersion}"`,
      'GENERATOR_VERSION = "0.9.0"',
    );
    expect(older).not.toBe(current.code);
    await store.recordCodeGeneration({
      contentHash: sha256(older),
      specHash: current.specHash,
      target: "python",
      generatorVersion: "0.9.0",
      filename: current.filename,
      code: older,
      actor: "cli",
    });
    await generate(issueExampleSpec);
    const result = await diff({ strategyId: current.specHash, target: "python" });
    expect(result.from.contentHash).toBe(sha256(older));
    expect(result.to.contentHash).toBe(current.contentHash);
    expect([result.linesAdded, result.linesRemoved]).toEqual([1, 1]);
    expect(result.diff).toContain('-GENERATOR_VERSION = "0.9.0"');
  });

  it("says what is wrong with a request it cannot answer", async () => {
    const one = await generate(issueExampleSpec);
    await expect(diff({ from: one.contentHash })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/give both `from` and `to`/),
    });
    await expect(
      diff({ from: one.contentHash, to: one.contentHash, target: "python" }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await expect(diff({ from: "xyz", to: one.contentHash })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/from is 64 lower-case hex digits/),
    });
    await expect(diff({ from: "0".repeat(64), to: one.contentHash })).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringMatching(/no generated program 0{64}; code_history lists/),
    });
    await expect(diff({ strategyId: one.specHash, target: "python" })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/only one python program was generated .*nothing to compare/),
    });
    await expect(history({ limit: 0 })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(history({ target: "cobol" })).rejects.toMatchObject({ code: "invalid_input" });
  });
});
