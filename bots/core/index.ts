export * from "./approvers.ts";
export * from "./decide.ts";
export * from "./message.ts";
export * from "./render-turn.ts";
export * from "./threads.ts";
export * from "./conversation.ts";
export * from "./surface.ts";
export * from "./turn-progress.ts";
