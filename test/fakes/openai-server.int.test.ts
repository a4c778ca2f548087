import OpenAI, { APIConnectionTimeoutError, AuthenticationError, BadRequestError } from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { answer, callTool, FakeOpenAI, hang, httpError } from "./openai-server.ts";

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const clientFor = (server: FakeOpenAI, options: { apiKey?: string; timeout?: number } = {}) =>
  new OpenAI({
    baseURL: server.baseURL,
    apiKey: options.apiKey ?? server.apiKey,
    maxRetries: 0,
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
  });

const weather = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "Weather in a city.",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

describe("the fake OpenAI Chat Completions server", () => {
  it("answers with chat.completion objects the SDK parses: tool calls, then a final message", async () => {
    const server = (fake = await new FakeOpenAI().start());
    server.play(
      () => callTool("get_weather", { city: "Paris" }),
      (request) => answer(`saw ${request.messages.length} messages`),
    );
    const client = clientFor(server);
    const first = await client.chat.completions.create({
      model: "gpt-test",
      messages: [{ role: "user", content: "weather in Paris?" }],
      tools: [weather],
    });
    expect(first).toMatchObject({
      object: "chat.completion",
      model: "gpt-test",
      choices: [
        {
          index: 0,
          finish_reason: "tool_calls",
          message: {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                type: "function",
                function: { name: "get_weather", arguments: '{"city":"Paris"}' },
              },
            ],
          },
        },
      ],
    });
    expect(first.id).toMatch(/^chatcmpl-/);
    expect(first.usage!.total_tokens).toBe(
      first.usage!.prompt_tokens + first.usage!.completion_tokens,
    );
    const call = first.choices[0]!.message.tool_calls![0]!;
    const second = await client.chat.completions.create({
      model: "gpt-test",
      messages: [
        { role: "user", content: "weather in Paris?" },
        first.choices[0]!.message,
        { role: "tool", tool_call_id: call.id, content: '{"celsius":21}' },
      ],
      tools: [weather],
    });
    expect(second.choices[0]).toMatchObject({
      finish_reason: "stop",
      message: { role: "assistant", content: "saw 3 messages" },
    });
    expect(server.chatRequests.map((request) => request.tools)).toEqual([[weather], [weather]]);
    expect(server.requests.map((request) => request.authorization)).toEqual([
      `Bearer ${server.apiKey}`,
      `Bearer ${server.apiKey}`,
    ]);
    expect(server.problems).toEqual([]);
  });

  it("refuses a wrong or missing key with 401 in OpenAI's shape, before the script plays", async () => {
    const server = (fake = await new FakeOpenAI().start());
    server.play(() => answer("never"));
    await expect(
      clientFor(server, { apiKey: "sk-wrong" }).chat.completions.create({
        model: "gpt-test",
        messages: [{ role: "user", content: "hi" }],
      }),
    ).rejects.toBeInstanceOf(AuthenticationError);
    const response = await fetch(`${server.baseURL}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-test", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { type: "invalid_request_error", message: expect.stringMatching(/API key/) },
    });
    expect(server.remainingSteps).toBe(1);
    expect(server.chatRequests).toEqual([]);
  });

  it("refuses, like the real API, a tool call left unanswered, a stray tool result and a bad function name", async () => {
    const server = (fake = await new FakeOpenAI().start());
    const client = clientFor(server);
    const unanswered = client.chat.completions.create({
      model: "gpt-test",
      messages: [
        { role: "user", content: "hi" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "get_weather", arguments: "{}" } },
          ],
        },
        { role: "user", content: "again" },
      ],
    });
    await expect(unanswered).rejects.toBeInstanceOf(BadRequestError);
    await expect(
      client.chat.completions.create({
        model: "gpt-test",
        messages: [
          { role: "user", content: "hi" },
          { role: "tool", tool_call_id: "call_9", content: "{}" },
        ],
      }),
    ).rejects.toBeInstanceOf(BadRequestError);
    await expect(
      client.chat.completions.create({
        model: "gpt-test",
        messages: [{ role: "user", content: "hi" }],
        tools: [{ ...weather, function: { ...weather.function, name: "get weather" } }],
      }),
    ).rejects.toBeInstanceOf(BadRequestError);
    expect(server.problems).toHaveLength(3);
    expect(server.problems[0]).toMatch(/did not have response messages: call_1/);
    expect(server.problems[1]).toMatch(/must be a response to a preceeding message/);
    expect(server.problems[2]).toMatch(/function\.name/);
  });

  it("plays errors and hangs, and reports a script that ran out", async () => {
    const server = (fake = await new FakeOpenAI().start());
    server.play(
      () => httpError(429, "Rate limit reached", { code: "rate_limit_exceeded", retryAfterMs: 5 }),
      hang,
    );
    const client = clientFor(server, { timeout: 1_000 });
    const request = () =>
      client.chat.completions.create({
        model: "gpt-test",
        messages: [{ role: "user", content: "hi" }],
      });
    await expect(request()).rejects.toMatchObject({ status: 429, code: "rate_limit_exceeded" });
    await expect(request()).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    await expect(request()).rejects.toBeInstanceOf(BadRequestError);
    expect(server.requests.map((recorded) => recorded.status)).toEqual([429, undefined, 400]);
    expect(server.problems).toEqual(["request 3: the script ran out"]);
  });
});
