import { GatewayIntentBits, InteractionResponseType } from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeDiscord } from "../../test/fakes/discord-server.ts";
import { chatHarness, type ChatHarness } from "../../test/support/chat-harness.ts";
import { eventually } from "../../test/support/eventually.ts";
import { silentLog } from "../../test/support/order-harness.ts";
import { startDiscordBot, type DiscordBot } from "./gateway-bot.ts";

const guild = "700000000000000001";
const channel = "710000000000000001";
const dmChannel = "720000000000000001";
const approver = { id: "1001", name: "Ada" };
const stranger = { id: "2002", name: "Eve" };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.reverse()) await close();
  cleanup = [];
});

async function setup(): Promise<{ h: ChatHarness; fake: FakeDiscord; bot: DiscordBot }> {
  const h = await chatHarness();
  cleanup.push(() => h.close());
  const fake = await new FakeDiscord({ guilds: [{ id: guild, channelIds: [channel] }] }).start();
  cleanup.push(() => fake.close());
  const bot = await startDiscordBot({
    conversations: h.conversations,
    token: fake.botToken,
    applicationId: fake.applicationId,
    restApi: fake.restApi,
    log: silentLog,
  });
  cleanup.push(() => bot.stop());
  return { h, fake, bot };
}

const botMessages = (fake: FakeDiscord, channelId: string) =>
  fake.channelMessages(channelId).filter((message) => message.authorId === fake.botUser.id);

const callbackOf = (fake: FakeDiscord, interaction: { id: string }) =>
  fake.callsTo("POST", new RegExp(`^/interactions/${interaction.id}/[^/]+/callback$`))[0]?.json;

/** Generous: a loaded machine may be slow, and a pass never waits for it. */
const patienceMs = 30_000;

describe("the Discord gateway bot", () => {
  // Built in a hook: the first harness of a run may wait for the database template.
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    s = await setup();
  });

  it("logs in, registers /alphadesk, and places a slash command's order after an approver's click", async () => {
    const { h, fake, bot } = s;
    expect(fake.callsTo("GET", /^\/gateway\/bot$/)[0]!.authorization).toBe(`Bot ${fake.botToken}`);
    const intents =
      GatewayIntentBits.Guilds |
      GatewayIntentBits.GuildMessages |
      GatewayIntentBits.DirectMessages |
      GatewayIntentBits.MessageContent;
    expect(fake.identifies).toEqual([
      expect.objectContaining({ token: fake.botToken, intents, compress: false }),
    ]);
    expect(fake.registeredCommands).toEqual([
      expect.objectContaining({
        name: "alphadesk",
        options: [expect.objectContaining({ name: "message", type: 3, required: true })],
      }),
    ]);

    const command = fake.slashCommand(
      approver,
      { channelId: channel, guildId: guild },
      "buy 10 shares of AAPL",
    );
    fake.dispatchInteraction(command);
    const card = await eventually(
      () => fake.channelMessages(channel).find((message) => message.components.length > 0),
      "the order card",
      patienceMs,
    );
    expect(callbackOf(fake, command)).toEqual({
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: { flags: 0 },
    });
    expect(card.content).toContain("BUY 10 AAPL");
    const approveId = card.components[0]!.components[0]!.custom_id;

    const refused = fake.buttonClick(stranger, card, approveId);
    fake.dispatchInteraction(refused);
    const refusal = await eventually(
      () => fake.ephemeralMessages(refused)[0],
      "the refusal",
      patienceMs,
    );
    expect(refusal.content).toMatch(/discord:2002\) are not on the approver list/);
    expect(callbackOf(fake, refused)).toEqual({
      type: InteractionResponseType.DeferredMessageUpdate,
    });
    await bot.idle();
    expect(await h.sentOrders()).toBe(0);

    fake.dispatchInteraction(fake.buttonClick(approver, card, approveId));
    await eventually(
      async () => (await h.sentOrders()) === 1,
      "the order at the broker",
      patienceMs,
    );
    await eventually(
      () => fake.messages.get(card.id)!.components.length === 0,
      "the card decided",
      patienceMs,
    );
    await bot.idle();
    expect(fake.messages.get(card.id)!.content).toMatch(/approved/);
    expect(
      botMessages(fake, channel)
        .map((message) => message.content)
        .join("\n"),
    ).toContain("Approved by discord:1001");

    fake.dispatchInteraction(fake.buttonClick(approver, fake.messages.get(card.id)!, approveId));
    await eventually(
      () => fake.callsTo("POST", /\/callback$/).length === 4,
      "the last click",
      patienceMs,
    );
    await bot.idle();
    expect(await h.sentOrders()).toBe(1);
    expect(fake.problems).toEqual([]);
  });

  it("answers direct messages and mentions, and ignores other messages, bots and itself", async () => {
    const { fake, bot } = s;
    fake.sendUserMessage(approver, { channelId: dmChannel }, "what is the currency strength now");
    const dmReply = await eventually(
      () => botMessages(fake, dmChannel)[0],
      "the reply to the direct message",
      patienceMs,
    );
    expect(dmReply.content.toLowerCase()).toContain("currenc");

    const inGuild = { channelId: channel, guildId: guild };
    fake.sendUserMessage(approver, inGuild, "list my universes");
    fake.sendUserMessage(
      { id: "3003", bot: true },
      inGuild,
      `<@${fake.botUser.id}> list my universes`,
    );
    fake.sendUserMessage(approver, inGuild, `<@${fake.botUser.id}> list my universes`);
    await eventually(
      () => botMessages(fake, channel).length > 0,
      "the reply to the mention",
      patienceMs,
    );
    await bot.idle();
    // One reply each, to the person's direct message and mention: not to the message without a
    // mention, not to the other bot, and not to its own messages, which the gateway sends back.
    expect(botMessages(fake, dmChannel)).toHaveLength(1);
    const [reply] = botMessages(fake, channel);
    expect(botMessages(fake, channel)).toHaveLength(1);
    expect(reply!.content.toLowerCase()).toContain("universe");
    expect(fake.problems).toEqual([]);
  });
});

describe("the Discord gateway connection", () => {
  it("keeps the session alive with heartbeats the gateway acknowledges", async () => {
    const fake = await new FakeDiscord({ heartbeatIntervalMs: 200 }).start();
    cleanup.push(() => fake.close());
    const bot = await startDiscordBot({
      conversations: { message: async () => {}, button: async () => {} },
      token: fake.botToken,
      applicationId: fake.applicationId,
      restApi: fake.restApi,
      log: silentLog,
    });
    cleanup.push(() => bot.stop());
    // discord.js measures the latency when a heartbeat is acknowledged; -1 until then.
    await eventually(() => bot.client.ws.ping >= 0, "an acknowledged heartbeat", patienceMs);
    expect(fake.problems).toEqual([]);
  });

  it("refuses to start without a token", async () => {
    await expect(
      startDiscordBot({
        conversations: { message: async () => {}, button: async () => {} },
        token: "",
        applicationId: "1",
        log: silentLog,
      }),
    ).rejects.toThrow(/token is empty/);
  });
});
