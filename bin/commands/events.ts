import { deliverEvents } from "../../tools/events/deliver-events.ts";
import { describeEvent } from "../../tools/events/describe-event.ts";
import type { EventTopic } from "../../tools/ports/events.ts";
import { readConfig } from "../config.ts";
import { openRuntime } from "../runtime.ts";
import { whenSignalled } from "./mcp.ts";

export interface EventsOptions {
  follow?: boolean;
  subscriber?: string;
  topic?: EventTopic[];
  after?: number;
  json?: boolean;
}

/** Shown by default: the most recent events. */
const recent = 20;

/**
 * `alphadesk events`: completed scans and correlation regime changes, one line each (or JSON
 * lines). `--follow` waits for new ones until Ctrl-C; `--subscriber NAME` resumes where that
 * subscriber stopped and records how far it got.
 */
export async function eventsCommand(options: EventsOptions): Promise<number> {
  const config = readConfig();
  if (options.follow && !config.DATABASE_URL)
    process.stderr.write(
      "note: the embedded database serves one process, so other alphadesk commands wait while this follows; set DATABASE_URL to share a PostgreSQL server\n",
    );
  const runtime = await openRuntime(config);
  const stop = whenSignalled();
  try {
    const afterId =
      options.after ??
      (options.follow ? undefined : Math.max(0, (await runtime.store.lastEventId()) - recent));
    const delivered = await deliverEvents(
      runtime.store,
      {
        follow: options.follow ?? false,
        signal: stop.signal,
        ...(options.subscriber ? { subscriber: options.subscriber } : {}),
        ...(options.topic ? { topics: options.topic } : {}),
        ...(afterId === undefined ? {} : { afterId }),
      },
      (event) => {
        process.stdout.write(`${options.json ? JSON.stringify(event) : describeEvent(event)}\n`);
      },
    );
    if (delivered === 0 && !options.follow)
      process.stderr.write(
        "no events yet: they come from scan_markets, compute_correlations and the order path\n",
      );
    return 0;
  } finally {
    stop.dispose();
    await runtime.close();
  }
}
