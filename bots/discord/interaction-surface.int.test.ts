import { REST } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { FakeDiscord } from "../../test/fakes/discord-server.ts";
import { silentLog } from "../../test/support/order-harness.ts";
import { text, type OutgoingMessage } from "../core/message.ts";
import { DiscordRequestError, DiscordRest } from "./discord-rest.ts";
import { InteractionSurface } from "./interaction-surface.ts";

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const say = (body: string): OutgoingMessage => ({ blocks: [text(body)], summary: body });
const place = { channelId: "710000000000000001", guildId: "700000000000000001" };

async function commandSurface() {
  fake = await new FakeDiscord().start();
  const command = fake.slashCommand({ id: "1001" }, place, "hello");
  fake.acknowledge(command, { type: 5 });
  const discord = new DiscordRest(new REST({ api: fake.restApi }), silentLog);
  const webhook = { applicationId: fake.applicationId, token: command.token };
  return { fake, command, surface: new InteractionSurface(discord, webhook) };
}

describe("a slash command's surface", () => {
  it("fills the deferred response first, then follows up, and edits each by its own route", async () => {
    const { fake, command, surface } = await commandSurface();
    const first = await surface.post(say("first"));
    const second = await surface.post(say("second"));
    await surface.edit(first, say("first, edited"));
    await surface.edit(second, say("second, edited"));
    await surface.finish();
    const webhook = `/webhooks/${fake.applicationId}/${command.token}`;
    expect(fake.calls.map((call) => `${call.method} ${call.route}`)).toEqual([
      `PATCH ${webhook}/messages/@original`,
      `POST ${webhook}`,
      `PATCH ${webhook}/messages/@original`,
      `PATCH ${webhook}/messages/${second.id}`,
    ]);
    expect(fake.channelMessages(place.channelId).map((message) => message.content)).toEqual([
      "first, edited",
      "second, edited",
    ]);
  });

  it("removes the deferred response when the turn only whispered", async () => {
    const { fake, command, surface } = await commandSurface();
    await surface.whisper("only you see this");
    await surface.finish();
    expect(fake.ephemeralMessages(command).map((message) => message.content)).toEqual([
      "only you see this",
    ]);
    expect(fake.channelMessages(place.channelId)).toEqual([]);
    expect(fake.callsTo("DELETE", /\/messages\/@original$/)).toHaveLength(1);
  });

  it("reports a refused call with its route, never the interaction token", async () => {
    const { fake, surface } = await commandSurface();
    const posted = await surface.post(say("posted"));
    const failure = await surface.edit({ id: "1" }, say("x")).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DiscordRequestError);
    expect((failure as Error).message).toBe(
      `Discord PATCH /webhooks/${fake.applicationId}/:token/messages/1 failed (404): Unknown Message`,
    );
    expect(posted.id).toMatch(/^\d+$/);
  });
});
