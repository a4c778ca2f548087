import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeOpenAI } from "../../../test/fakes/openai-server.ts";
import { OpenAIEmbedder, type OpenAIEmbedderOptions } from "./openai-embedder.ts";

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await new FakeOpenAI().start();
});
afterEach(async () => {
  await fake.stop();
});

const embedderFor = (options: Partial<OpenAIEmbedderOptions> = {}) =>
  new OpenAIEmbedder({
    baseURL: fake.baseURL,
    apiKey: fake.apiKey,
    model: "text-embedding-3-small",
    dimensions: 384,
    ...options,
  });

describe("OpenAIEmbedder against a fake OpenAI embeddings endpoint", () => {
  it("embeds in batches, keeps the texts' order, and asks for the configured size as floats", async () => {
    const texts = ["a", "b", "c", "d", "e"];
    const embedder = embedderFor({ batchSize: 2 });
    const vectors = await embedder.embed(texts);
    expect(embedder.name).toBe("openai:text-embedding-3-small:384");
    expect(fake.embeddingRequests).toEqual([
      {
        model: "text-embedding-3-small",
        input: ["a", "b"],
        encoding_format: "float",
        dimensions: 384,
      },
      {
        model: "text-embedding-3-small",
        input: ["c", "d"],
        encoding_format: "float",
        dimensions: 384,
      },
      { model: "text-embedding-3-small", input: ["e"], encoding_format: "float", dimensions: 384 },
    ]);
    expect(vectors.map((vector) => vector.length)).toEqual([384, 384, 384, 384, 384]);
    // Each text's vector is the same whichever batch carried it.
    const alone = await embedderFor().embed(["d"]);
    expect(Array.from(vectors[3]!)).toEqual(Array.from(alone[0]!));
    expect(vectors[3]).toBeInstanceOf(Float32Array);
  });

  it("sends nothing for no texts", async () => {
    expect(await embedderFor().embed([])).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  it("refuses vectors of another size than configured, with both sizes and the fix", async () => {
    // A model that does not take `dimensions` answers its own size (the fake's 1536).
    const embedder = embedderFor({ model: "nomic-embed-text", requestDimensions: false });
    await expect(embedder.embed(["text"])).rejects.toMatchObject({
      code: "embedder_mismatch",
      nextStep: "user",
      message: expect.stringMatching(
        /nomic-embed-text made 1536-dimensional vectors, but 384 are configured/,
      ),
    });
    expect(fake.embeddingRequests[0]).not.toHaveProperty("dimensions");
  });

  it("reports a refused request as the user's to fix, with the endpoint's message", async () => {
    await expect(
      embedderFor({ model: "text-embedding-ada-002" }).embed(["x"]),
    ).rejects.toMatchObject({
      code: "embedder_failed",
      nextStep: "user",
      message: expect.stringMatching(/does not support specifying dimensions/),
    });
    await expect(embedderFor({ apiKey: "sk-wrong" }).embed(["x"])).rejects.toMatchObject({
      code: "embedder_failed",
      nextStep: "user",
      message: expect.stringMatching(/401 Incorrect API key/),
    });
  });

  it("reports an unreachable endpoint as retryable", async () => {
    await fake.stop();
    const embedder = embedderFor({ timeoutMs: 2000 });
    await expect(embedder.embed(["x"])).rejects.toMatchObject({
      code: "embedder_failed",
      nextStep: "retryable",
    });
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(embedderFor().embed(["x"], controller.signal)).rejects.toThrow(/abort/i);
  });

  it("refuses a batch size the API cannot take", () => {
    expect(() => embedderFor({ batchSize: 0 })).toThrow(/batchSize must be an integer in 1..2048/);
  });
});
