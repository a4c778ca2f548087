import { deliverEvents } from "../events/deliver-events.ts";
import type { EventLog, PriceAlertFired } from "../ports/events.ts";
import { firedAlertLine } from "./alert-words.ts";

/**
 * Runs an alert check, then hands `tell` the line and the event of every price alert fired since
 * `subscriber` last read (by this check or any other checker), moving its cursor after each. A
 * subscriber without a cursor starts from just before this check, so it never replays old
 * alerts. With `deliver` false only the check runs, and the cursor stays where it was.
 */
export async function checkThenTell<Result>(
  events: EventLog,
  subscriber: string,
  check: () => Promise<Result>,
  tell: (line: string, fired: PriceAlertFired) => Promise<void> | void,
  deliver = true,
): Promise<Result> {
  const before = await events.lastEventId();
  const result = await check();
  if (deliver)
    await deliverEvents(
      events,
      { subscriber, topics: ["price.alert"], afterId: before },
      async (event) => {
        if (event.topic === "price.alert") await tell(firedAlertLine(event.payload), event.payload);
      },
    );
  return result;
}
