import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  RequestMethod,
  Routes,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { DiscordRest } from "./discord-rest.ts";

export const alphadeskCommandName = "alphadesk";
/** The command's one option: what the person asks, in plain words. */
export const alphadeskMessageOption = "message";

/** `/alphadesk message:<request>`, in servers and in direct messages with the bot. */
export const alphadeskCommand: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  type: ApplicationCommandType.ChatInput,
  name: alphadeskCommandName,
  description: "Ask Alphadesk: backtests, scans, charts, orders (an approver's click places them)",
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: alphadeskMessageOption,
      description: "What you want, e.g. backtest a 20/50 moving average crossover on SPY",
      required: true,
      max_length: 2000,
    },
  ],
};

/**
 * Registers `/alphadesk` as the application's global command set. A PUT replaces the whole set,
 * so registering again on every start is idempotent and drops commands the bot no longer has.
 */
export async function registerAlphadeskCommand(
  discord: DiscordRest,
  applicationId: string,
): Promise<void> {
  await discord.send({
    method: RequestMethod.Put,
    route: Routes.applicationCommands(applicationId),
    body: [alphadeskCommand],
  });
}
