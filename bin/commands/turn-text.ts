import type { TurnResult } from "../../agent/run-turn.ts";
import { blockAsText } from "../../bots/core/message.ts";
import { renderTurn } from "../../bots/core/render-turn.ts";

/**
 * A turn as the terminal prints it: the reply, then the views a chat face shows beside it
 * (a backtest's metrics table, the status view, the digest) as text. Charts, program files and
 * approval cards are the caller's: a terminal writes files and prints cards its own way.
 */
export async function turnAsText(turn: TurnResult): Promise<string> {
  const [message] = await renderTurn(turn, { waiting: [] });
  return (message?.blocks ?? [])
    .filter((block) => block.kind !== "file" && block.kind !== "image")
    .map(blockAsText)
    .join("\n\n");
}
