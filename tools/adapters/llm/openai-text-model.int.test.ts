import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { answer, FakeOpenAI, hang, httpError } from "../../../test/fakes/openai-server.ts";
import { OpenAITextModel, type OpenAITextModelOptions } from "./openai-text-model.ts";

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await new FakeOpenAI().start();
});
afterEach(async () => {
  await fake.stop();
});

const modelFor = (options: Partial<OpenAITextModelOptions> = {}) =>
  new OpenAITextModel({
    baseURL: fake.baseURL,
    apiKey: fake.apiKey,
    model: "gpt-test",
    ...options,
  });

const request = { instructions: "Be brief.", prompt: "Say hello.", maxTokens: 50 };

describe("OpenAITextModel against the fake OpenAI server", () => {
  it("sends the instructions as the system message and returns the answer's text", async () => {
    fake.play(() => answer("Hello."));
    const model = modelFor();
    expect(await model.writeText(request)).toBe("Hello.");
    expect(model.name).toBe("model gpt-test");
    expect(fake.chatRequests).toEqual([
      {
        model: "gpt-test",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Say hello." },
        ],
        max_tokens: 50,
      },
    ]);
  });

  it("turns a refused request into a model_failed error the user can act on", async () => {
    fake.play(() => httpError(400, "bad model"));
    await expect(modelFor().writeText(request)).rejects.toMatchObject({
      code: "model_failed",
      nextStep: "user",
      message: expect.stringContaining("bad model"),
    });
  });

  it("retries a server error once, then reports it as retryable", async () => {
    fake.play(
      () => httpError(500),
      () => httpError(500),
    );
    await expect(modelFor().writeText(request)).rejects.toMatchObject({
      code: "model_failed",
      nextStep: "retryable",
    });
    expect(fake.chatRequests).toHaveLength(2);
  });

  it("refuses an empty answer", async () => {
    fake.play(() => answer(""));
    await expect(modelFor().writeText(request)).rejects.toMatchObject({ code: "model_failed" });
  });

  it("gives up on a model that never answers, at its timeout or the caller's signal", async () => {
    fake.play(hang, hang);
    await expect(modelFor({ timeoutMs: 200, maxRetries: 0 }).writeText(request)).rejects.toThrow(
      /timed out/i,
    );
    const started = Date.now();
    await expect(modelFor().writeText(request, AbortSignal.timeout(200))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
