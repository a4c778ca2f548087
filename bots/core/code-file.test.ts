import { describe, expect, it } from "vitest";
import type { FileBlock } from "./message.ts";
import { renderTurn } from "./render-turn.ts";
import { codeFile } from "./result-files.ts";

const generated = {
  code: "#!/usr/bin/env python3\nprint('trades')\n",
  filename: "sma 20/50 crossover.py",
  target: "python",
  specHash: "ab".repeat(32),
  generatorVersion: "1.0.0",
};

describe("a generated program in chat", () => {
  it("comes as a file to download, its bytes the program exactly", async () => {
    const [message] = await renderTurn(
      {
        threadId: "t",
        reply: "generate_code finished.",
        toolCalls: [{ name: "generate_code", input: {}, ok: true, output: generated }],
        waitingFor: [],
      },
      { waiting: [] },
    );
    const program = message!.blocks.find((block) => block.kind === "file") as FileBlock;
    expect(program).toMatchObject({
      fileName: "sma-20-50-crossover.py",
      mimeType: "text/x-python",
      title: "python program sma 20/50 crossover.py",
    });
    expect(new TextDecoder().decode(program.bytes)).toBe(generated.code);
  });

  it("is nothing for any other output", () => {
    expect(codeFile({ filename: "x.py" })).toBeUndefined();
  });
});
