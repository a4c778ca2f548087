import { describe, expect, it } from "vitest";
import { toolSchedules } from "../../tools/jobs/schedules.ts";
import { researchDigest } from "./research-digest.ts";

describe("the morning digest schedule", () => {
  it("runs research_digest weekdays at 7:00, after ingest, with input the tool accepts", () => {
    const entry = toolSchedules.find((schedule) => schedule.tool === researchDigest.name);
    expect(entry).toMatchObject({ id: "research-digest", cron: "0 7 * * 1-5" });
    // No market: news and events arrive on holidays too; the window reaches back to the last one.
    expect(entry!.market).toBeUndefined();
    expect(researchDigest.input.parse(entry!.input)).toEqual({ maxItems: 5 });
  });
});
