import { AuditAction } from "../../ports/audit.ts";
import type { Holding, LifecycleStore, StageRecord, StrategyStage } from "../../ports/trading.ts";
import { appendAuditIn } from "./audit-log.ts";
import type { SqlClient } from "./client.ts";

interface StageRow {
  strategy_id: string;
  stage: StrategyStage | null;
  since: number;
  evidence: unknown;
  updated_by: string | null;
}

export class SqlLifecycleStore implements LifecycleStore {
  constructor(private readonly client: SqlClient) {}

  async requestStage(strategyId: string): Promise<StageRecord | undefined> {
    const [row] = await this.client.query<StageRow>(
      `SELECT s.id AS strategy_id, g.stage, g.evidence, g.updated_by,
         (extract(epoch FROM coalesce(g.since, s.created_at)) * 1000)::float8 AS since
       FROM strategies s LEFT JOIN strategy_stages g ON g.strategy_id = s.id WHERE s.id = $1`,
      [strategyId],
    );
    if (!row) return undefined;
    return {
      strategyId: row.strategy_id,
      stage: row.stage ?? "backtest",
      sinceMs: Math.round(row.since),
      evidence: row.evidence ?? {},
      updatedBy: row.updated_by ?? "system",
    };
  }

  async listStages(stages?: readonly StrategyStage[]): Promise<StageRecord[]> {
    const rows = await this.client.query<StageRow>(
      `SELECT strategy_id, stage, evidence, updated_by,
         (extract(epoch FROM since) * 1000)::float8 AS since
       FROM strategy_stages WHERE ($1::text[] IS NULL OR stage = ANY($1::text[]))
       ORDER BY strategy_id`,
      [stages ? [...stages] : null],
    );
    return rows.map((row) => ({
      strategyId: row.strategy_id,
      stage: row.stage!,
      sinceMs: Math.round(row.since),
      evidence: row.evidence,
      updatedBy: row.updated_by!,
    }));
  }

  setStage(
    strategyId: string,
    stage: StrategyStage,
    evidence: unknown,
    actor: string,
    nowMs: number,
  ): Promise<StageRecord> {
    return this.client.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO strategy_stages (strategy_id, stage, since, evidence, updated_by)
         VALUES ($1, $2, to_timestamp($3::float8 / 1000.0), $4::jsonb, $5)
         ON CONFLICT (strategy_id) DO UPDATE SET stage = $2,
           since = to_timestamp($3::float8 / 1000.0), evidence = $4::jsonb, updated_by = $5`,
        [strategyId, stage, nowMs, JSON.stringify(evidence), actor],
      );
      await appendAuditIn(tx, {
        actor,
        action: AuditAction.strategyStage,
        subject: strategyId,
        details: { stage, evidence },
      });
      return { strategyId, stage, sinceMs: nowMs, evidence, updatedBy: actor };
    });
  }

  async reconciliationBaseline(broker: string): Promise<Holding[] | undefined> {
    const [account] = await this.client.query(
      `SELECT broker FROM reconciliation_accounts WHERE broker = $1`,
      [broker],
    );
    if (!account) return undefined;
    return this.client.query<Holding>(
      `SELECT symbol, quantity FROM reconciliation_baselines WHERE broker = $1 ORDER BY symbol`,
      [broker],
    );
  }

  saveReconciliationBaseline(broker: string, holdings: Holding[], actor: string): Promise<void> {
    return this.client.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO reconciliation_accounts (broker, taken_by) VALUES ($1, $2)
         ON CONFLICT (broker) DO UPDATE SET taken_by = $2, taken_at = now()`,
        [broker, actor],
      );
      await tx.query(`DELETE FROM reconciliation_baselines WHERE broker = $1`, [broker]);
      for (const holding of holdings)
        await tx.query(
          `INSERT INTO reconciliation_baselines (broker, symbol, quantity) VALUES ($1, $2, $3)`,
          [broker, holding.symbol, holding.quantity],
        );
      await appendAuditIn(tx, {
        actor,
        action: AuditAction.reconciliationBaseline,
        subject: broker,
        details: { holdings },
      });
    });
  }

  strategyFills(strategyId: string, query: { live: boolean; sinceMs: number }) {
    return this.filledOrders(
      `i.strategy_id = $1 AND i.live = $2
         AND coalesce(f.at, i.submitted_at, i.updated_at) >= to_timestamp($3::float8 / 1000.0)`,
      [strategyId, query.live, query.sinceMs],
    );
  }

  accountFills(broker: string) {
    return this.filledOrders(`i.broker = $1`, [broker]);
  }

  /** Filled orders matching `where` (over `order_intents i` and its fills `f`), oldest first. */
  private filledOrders(where: string, parameters: unknown[]) {
    return this.client.query<{
      symbol: string;
      quantity: number;
      price: number;
      fee: number;
      atMs: number;
    }>(
      // A fill's time is the broker's (the last fill that made up the filled quantity), not when
      // the row was written: a limit order may rest for days after submission, and the bar a
      // fill belongs to decides the comparison with the backtest.
      `SELECT i.symbol,
         (CASE WHEN i.side = 'buy' THEN i.filled_quantity ELSE -i.filled_quantity END)::float8 AS quantity,
         i.average_fill_price AS price,
         coalesce(f.fee, 0)::float8 AS fee,
         (extract(epoch FROM coalesce(f.at, i.submitted_at, i.updated_at)) * 1000)::float8 AS "atMs"
       FROM order_intents i
       LEFT JOIN LATERAL (SELECT sum(fee) AS fee, max(at) AS at FROM order_fills
         WHERE intent_id = i.id) f ON true
       WHERE ${where} AND i.filled_quantity > 0
       ORDER BY coalesce(f.at, i.submitted_at, i.updated_at), i.id`,
      parameters,
    );
  }

  netFilled(broker: string): Promise<(Holding & { strategyIds: string[] })[]> {
    return this.client.query<Holding & { strategyIds: string[] }>(
      `SELECT symbol,
         sum(CASE WHEN side = 'buy' THEN filled_quantity ELSE -filled_quantity END)::float8 AS quantity,
         coalesce(array_agg(DISTINCT strategy_id) FILTER (WHERE strategy_id IS NOT NULL), '{}')
           AS "strategyIds"
       FROM order_intents WHERE broker = $1 AND filled_quantity > 0
       GROUP BY symbol ORDER BY symbol`,
      [broker],
    );
  }
}
