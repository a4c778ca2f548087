import { z } from "zod";
import { defineTool } from "../define-tool.ts";

export const verifyAuditLog = defineTool({
  name: "verify_audit_log",
  summary:
    "Walk the audit trail's hash chain, recomputing every hash: ok when nothing was altered or removed.",
  description:
    "Walk the audit trail's hash chain from the first entry to the newest, recomputing every hash: ok when no entry was altered, removed or cut from the end.",
  input: z.object({}).strict(),
  output: z.object({
    ok: z.boolean(),
    rows: z.number().int().describe("Entries checked."),
    firstBadId: z.string().optional().describe("The first entry that does not verify."),
    problem: z.string().optional().describe("What is wrong with it, in plain words."),
  }),
  effect: "read",
  idempotent: true,
  async run(_input, context) {
    context.progress(0, "verifying the audit chain");
    return context.store.verifyAuditLog();
  },
});
