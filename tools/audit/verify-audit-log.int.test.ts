import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { AuditAction } from "../ports/audit.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { verifyAuditLog } from "./verify-audit-log.ts";

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => {
  await store.close();
});

describe("verify_audit_log", () => {
  it("verifies an empty chain and one with entries, counting them", async () => {
    expect(await runTool(verifyAuditLog, {}, testContext(store))).toEqual({ ok: true, rows: 0 });
    for (const action of [AuditAction.killSwitch, AuditAction.limitsChanged])
      await store.appendAudit({ actor: "cli", action, subject: null, details: { by: "test" } });
    expect(await runTool(verifyAuditLog, {}, testContext(store))).toEqual({ ok: true, rows: 2 });
  });

  it("refuses input it does not take", async () => {
    await expect(runTool(verifyAuditLog, { deep: true }, testContext(store))).rejects.toMatchObject(
      {
        code: "invalid_input",
      },
    );
  });
});
