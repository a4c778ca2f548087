export * from "./alphadesk-command.ts";
export * from "./discord-messages.ts";
export * from "./discord-rest.ts";
export * from "./gateway-bot.ts";
export * from "./interaction-signature.ts";
export * from "./interactions-endpoint.ts";
