import { effectiveLimits, type RiskLimits } from "../../engine/risk/index.ts";
import type { ControlScope, ControlsChange } from "../../tools/ports/trading.ts";
import { readConfig } from "../config.ts";
import { openRuntime } from "../runtime.ts";

export interface ControlsOptions {
  strategy?: string;
  limits?: string;
  autoApprovePaper?: "yes" | "no";
  json?: boolean;
}

/**
 * `alphadesk controls`: the trading state, limit overrides and paper auto-approval of the
 * account and each strategy, with the limits in force; with `--limits` or
 * `--auto-approve-paper`, changes one scope (a human's act, audited). Overrides only tighten
 * what RISK_LIMITS and the hard boundaries allow.
 */
export async function controlsCommand(options: ControlsOptions): Promise<number> {
  const config = readConfig();
  const scope: ControlScope = options.strategy ? `strategy:${options.strategy}` : "account";
  const change: ControlsChange = {};
  if (options.limits !== undefined) {
    let limits: Partial<RiskLimits>;
    try {
      limits = JSON.parse(options.limits) as Partial<RiskLimits>;
      effectiveLimits(config.RISK_LIMITS ?? {}, limits);
    } catch (error) {
      process.stderr.write(`--limits: ${(error as Error).message}\n`);
      return 2;
    }
    change.limits = limits;
  }
  if (options.autoApprovePaper !== undefined) {
    if (!options.strategy) {
      process.stderr.write("--auto-approve-paper is per strategy: add --strategy <id>\n");
      return 2;
    }
    change.autoApprovePaper = options.autoApprovePaper === "yes";
  }
  const runtime = await openRuntime(config);
  try {
    if (Object.keys(change).length > 0) await runtime.store.setControls(scope, change, "cli");
    const all = await runtime.store.listControls();
    const account = await runtime.store.requestControls("account");
    const shown = [account, ...all.filter((controls) => controls.scope !== "account")].map(
      (controls) => ({
        ...controls,
        effective: effectiveLimits(
          config.RISK_LIMITS ?? {},
          account.limits,
          ...(controls.scope === "account" ? [] : [controls.limits]),
        ),
      }),
    );
    for (const controls of shown)
      process.stdout.write(
        options.json
          ? `${JSON.stringify(controls)}\n`
          : `${controls.scope}: ${controls.state}${controls.reason ? ` (${controls.reason})` : ""}${controls.autoApprovePaper ? ", paper orders auto-approved" : ""}\n  overrides ${JSON.stringify(controls.limits)}\n  in force  ${JSON.stringify(controls.effective)}\n`,
      );
    return 0;
  } finally {
    await runtime.close();
  }
}
