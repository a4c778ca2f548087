import { describe, expect, it } from "vitest";
import { readConfig } from "./config.ts";
import { embedderFromConfig, textModelFromConfig } from "./models.ts";

describe("embedderFromConfig", () => {
  it("indexes research offline with the local embedder unless a model is named", async () => {
    expect((await embedderFromConfig(readConfig({}))).name).toBe("local-hash-v1-384");
  });

  it("uses the named model behind EMBEDDING_BASE_URL, else LLM_BASE_URL, at the index's size", async () => {
    const ollama = await embedderFromConfig(
      readConfig({
        EMBEDDING_MODEL: "nomic-embed-text",
        LLM_BASE_URL: "http://127.0.0.1:11434/v1",
        LLM_MODEL: "llama3.1",
      }),
    );
    expect(ollama.name).toBe("openai:nomic-embed-text:384");
    expect(ollama.dimensions).toBe(384);
  });

  it("refuses an embeddings endpoint without a model", () => {
    expect(() => readConfig({ EMBEDDING_BASE_URL: "http://127.0.0.1:11434/v1" })).toThrow(
      /EMBEDDING_MODEL: name the embeddings model/,
    );
  });
});

describe("textModelFromConfig", () => {
  it("writes prose with LLM_MODEL when set, and leaves it to templates otherwise", async () => {
    expect(await textModelFromConfig(readConfig({}))).toBeUndefined();
    const model = await textModelFromConfig(
      readConfig({ LLM_MODEL: "llama3.1", LLM_BASE_URL: "http://127.0.0.1:11434/v1" }),
    );
    expect(model?.name).toBe("model llama3.1");
  });
});
