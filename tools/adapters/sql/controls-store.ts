import { AuditAction } from "../../ports/audit.ts";
import type {
  ControlScope,
  ControlsChange,
  ControlsStore,
  TradingControls,
} from "../../ports/trading.ts";
import { appendAuditIn } from "./audit-log.ts";
import type { SqlClient } from "./client.ts";
import { appendEvent } from "./event-log.ts";

interface ControlsRow {
  scope: ControlScope;
  state: TradingControls["state"];
  limits: TradingControls["limits"];
  auto_approve_paper: boolean;
  reason: string | null;
  updated_by: string;
  updated: number;
}

const columns = `scope, state, limits, auto_approve_paper, reason, updated_by,
  (extract(epoch FROM updated_at) * 1000)::float8 AS updated`;

const toControls = (row: ControlsRow): TradingControls => ({
  scope: row.scope,
  state: row.state,
  limits: row.limits,
  autoApprovePaper: row.auto_approve_paper,
  reason: row.reason,
  updatedBy: row.updated_by,
  updatedAtMs: Math.round(row.updated),
});

/** A scope nobody has set: active, no overrides, every order waits for a human. */
const unset = (scope: ControlScope): TradingControls => ({
  scope,
  state: "active",
  limits: {},
  autoApprovePaper: false,
  reason: null,
  updatedBy: "system",
  updatedAtMs: 0,
});

export class SqlControlsStore implements ControlsStore {
  constructor(private readonly client: SqlClient) {}

  async requestControls(scope: ControlScope): Promise<TradingControls> {
    const [row] = await this.client.query<ControlsRow>(
      `SELECT ${columns} FROM trading_controls WHERE scope = $1`,
      [scope],
    );
    return row ? toControls(row) : unset(scope);
  }

  setControls(scope: ControlScope, change: ControlsChange, actor: string) {
    return this.client.transaction(async (tx) => {
      const [row] = await tx.query<ControlsRow>(
        `INSERT INTO trading_controls AS c (scope, state, limits, auto_approve_paper, reason, updated_by)
         VALUES ($1, coalesce($2, 'active'), coalesce($3::jsonb, '{}'), coalesce($4, false), $5, $6)
         ON CONFLICT (scope) DO UPDATE SET
           state = coalesce($2, c.state),
           limits = coalesce($3::jsonb, c.limits),
           auto_approve_paper = coalesce($4, c.auto_approve_paper),
           reason = $5,
           updated_by = $6,
           updated_at = now()
         RETURNING ${columns}`,
        [
          scope,
          change.state ?? null,
          change.limits === undefined ? null : JSON.stringify(change.limits),
          change.autoApprovePaper ?? null,
          change.reason ?? null,
          actor,
        ],
      );
      const action =
        change.state === "halted"
          ? AuditAction.killSwitch
          : change.limits !== undefined || change.autoApprovePaper !== undefined
            ? AuditAction.limitsChanged
            : AuditAction.tradingState;
      await appendAuditIn(tx, { actor, action, subject: scope, details: change });
      const controls = toControls(row!);
      if (change.state !== undefined)
        await appendEvent(tx, "trading.state", {
          scope,
          state: controls.state,
          reason: controls.reason,
          actor,
        });
      return controls;
    });
  }

  async listControls(): Promise<TradingControls[]> {
    const rows = await this.client.query<ControlsRow>(
      `SELECT ${columns} FROM trading_controls ORDER BY scope`,
    );
    return rows.map(toControls);
  }

  async dayStartEquity(broker: string, day: string, equity: number): Promise<number> {
    await this.client.query(
      `INSERT INTO account_days (broker, day, start_equity) VALUES ($1, $2::date, $3)
       ON CONFLICT (broker, day) DO NOTHING`,
      [broker, day, equity],
    );
    const [row] = await this.client.query<{ start_equity: number }>(
      `SELECT start_equity FROM account_days WHERE broker = $1 AND day = $2::date`,
      [broker, day],
    );
    return row!.start_equity;
  }
}
