import type { PortfolioStore, PortfolioSummary, StoredPortfolio } from "../../ports/portfolios.ts";
import type { BacktestSummary } from "../../ports/store.ts";
import { backtestSummaryColumns, toBacktestSummary } from "./backtest-summary.ts";
import type { SqlClient } from "./client.ts";
import { epochMs } from "./epoch-ms.ts";
import { uuidPattern } from "../../stored-id.ts";

// Portfolios (migrations/0021_portfolios.sql): one row per construct_portfolio run.

interface SummaryRow {
  id: string;
  assets: string[];
  source: StoredPortfolio["source"];
  objective: string;
  weights: Record<string, number>;
  expected_return: number;
  volatility: number;
  actor: string;
  created: number;
}

const summaryColumns = `id::text AS id, assets, source, objective, weights, expected_return,
  volatility, actor, ${epochMs("created_at")} AS created`;

const sortedAssets = (assets: readonly string[]) => [...assets].sort();

export class SqlPortfolioStore implements PortfolioStore {
  constructor(private readonly client: SqlClient) {}

  async savePortfolio(
    portfolio: Omit<StoredPortfolio, "id" | "createdAtMs">,
  ): Promise<StoredPortfolio> {
    const assets = sortedAssets(portfolio.assets);
    const [row] = await this.client.query<{ id: string; created: number }>(
      `INSERT INTO portfolios (assets, source, objective, request, weights, expected_return, volatility, result, actor)
       VALUES ($1::text[], $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8::jsonb, $9)
       RETURNING id::text AS id, ${epochMs("created_at")} AS created`,
      [
        assets,
        portfolio.source,
        portfolio.objective,
        JSON.stringify(portfolio.request),
        JSON.stringify(portfolio.weights),
        portfolio.expectedReturn,
        portfolio.volatility,
        JSON.stringify(portfolio.result),
        portfolio.actor,
      ],
    );
    return { ...portfolio, assets, id: row!.id, createdAtMs: Math.round(row!.created) };
  }

  async requestPortfolio(id: string): Promise<StoredPortfolio | undefined> {
    if (!uuidPattern.test(id)) return undefined;
    const [row] = await this.client.query<SummaryRow & { request: unknown; result: unknown }>(
      `SELECT ${summaryColumns}, request, result FROM portfolios WHERE id = $1::uuid`,
      [id],
    );
    return row ? { ...toSummary(row), request: row.request, result: row.result } : undefined;
  }

  async listPortfolios(query: {
    assets?: readonly string[];
    limit: number;
  }): Promise<PortfolioSummary[]> {
    const rows = await this.client.query<SummaryRow>(
      `SELECT ${summaryColumns} FROM portfolios
       WHERE $1::text[] IS NULL OR assets = $1::text[]
       ORDER BY created_at DESC, seq DESC LIMIT $2::int`,
      [query.assets ? sortedAssets(query.assets) : null, query.limit],
    );
    return rows.map(toSummary);
  }

  async latestBacktests(strategyIds: readonly string[]): Promise<Map<string, BacktestSummary>> {
    const rows = await this.client.query<BacktestSummary>(
      `SELECT DISTINCT ON (strategy_id) ${backtestSummaryColumns} FROM backtests
       WHERE strategy_id = ANY($1::text[])
       ORDER BY strategy_id, created_at DESC, seq DESC`,
      [[...strategyIds]],
    );
    return new Map(rows.map((row) => [row.strategyId, toBacktestSummary(row)]));
  }
}

function toSummary(row: SummaryRow): PortfolioSummary {
  return {
    id: row.id,
    assets: row.assets,
    source: row.source,
    objective: row.objective,
    weights: row.weights,
    expectedReturn: row.expected_return,
    volatility: row.volatility,
    actor: row.actor,
    createdAtMs: Math.round(row.created),
  };
}
