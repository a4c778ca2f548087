import { describe, expect, it } from "vitest";
import { toolSchedules } from "../../tools/jobs/schedules.ts";
import { ingestResearch } from "./ingest-research.ts";

describe("the daily research schedule", () => {
  it("runs ingest_research on every source with input the tool accepts, seeding starter sources", () => {
    const entry = toolSchedules.find((schedule) => schedule.tool === ingestResearch.name);
    expect(entry).toMatchObject({ cron: "30 6 * * 1-5" });
    // No market: the morning slot is before the open, and news does not stop on holidays.
    expect(entry!.market).toBeUndefined();
    expect(ingestResearch.input.parse(entry!.input)).toEqual({
      maxItems: 20,
      seedStarterSources: true,
    });
  });
});
