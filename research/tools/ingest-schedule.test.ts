import { describe, expect, it } from "vitest";
import { toolSchedules } from "../../tools/jobs/schedules.ts";
import { ingestResearch } from "./ingest-research.ts";

describe("the research schedule", () => {
  it("ticks every 15 minutes reading the sources that are due, with input the tool accepts", () => {
    const entry = toolSchedules.find((schedule) => schedule.tool === ingestResearch.name);
    expect(entry).toMatchObject({ cron: "*/15 * * * *" });
    // No market: news does not stop on holidays, and each source keeps its own hours.
    expect(entry!.market).toBeUndefined();
    expect(ingestResearch.input.parse(entry!.input)).toEqual({
      maxItems: 20,
      seedStarterSources: true,
      onlyDue: true,
    });
  });
});
