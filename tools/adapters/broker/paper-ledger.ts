import type { BrokerFill, BrokerOrder, BrokerPosition } from "../../ports/broker.ts";
import type { SqlClient } from "../sql/client.ts";
import { epochMs } from "../sql/epoch-ms.ts";

/** A paper order as stored: the port's order plus what the simulator needs to keep. */
export interface PaperOrder extends BrokerOrder {
  timeInForce: "day" | "gtc";
  /** Price per unit held back from buying power while the order is open. */
  reservePrice: number;
}

/** A position without its market value (the ledger knows no prices). */
export type PaperHolding = Omit<BrokerPosition, "marketValue">;

const fromMs = (parameter: string) => `to_timestamp(${parameter}::float8 / 1000)`;

const orderColumns = `broker_order_id, client_order_id, symbol, side, quantity, type, limit_price,
  time_in_force, reserve_price, status, filled_quantity, average_fill_price, reject_reason,
  ${epochMs("submitted_at")} AS submitted_ms, ${epochMs("updated_at")} AS updated_ms`;

interface OrderRow {
  broker_order_id: string;
  client_order_id: string;
  symbol: string;
  side: "buy" | "sell";
  quantity: number;
  type: "market" | "limit";
  limit_price: number | null;
  time_in_force: "day" | "gtc";
  reserve_price: number;
  status: BrokerOrder["status"];
  filled_quantity: number;
  average_fill_price: number | null;
  reject_reason: string | null;
  submitted_ms: number;
  updated_ms: number;
}

const toOrder = (row: OrderRow): PaperOrder => ({
  brokerOrderId: row.broker_order_id,
  clientOrderId: row.client_order_id,
  symbol: row.symbol,
  side: row.side,
  quantity: row.quantity,
  type: row.type,
  limitPrice: row.limit_price,
  timeInForce: row.time_in_force,
  reservePrice: row.reserve_price,
  status: row.status,
  filledQuantity: row.filled_quantity,
  averageFillPrice: row.average_fill_price,
  rejectReason: row.reject_reason,
  submittedAtMs: Math.round(row.submitted_ms),
  updatedAtMs: Math.round(row.updated_ms),
});

const openStatuses = `('accepted', 'partially_filled')`;

/** Whether an error is PostgreSQL's unique violation (PGlite and `pg` both carry the SQLSTATE). */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";

/**
 * The paper broker's SQL: one account's cash, orders, fills and positions
 * (migrations/0012_paper_broker.sql). It holds no state; build one over a transaction's client
 * for each order change.
 */
export class PaperLedger {
  constructor(
    private readonly client: SqlClient,
    readonly account: string,
  ) {}

  /** Creates the account with its starting cash the first time; later opens keep the stored cash. */
  async ensureAccount(startingCash: number): Promise<void> {
    await this.client.query(
      `INSERT INTO paper_accounts (account, starting_cash, cash) VALUES ($1, $2, $2)
       ON CONFLICT (account) DO NOTHING`,
      [this.account, startingCash],
    );
  }

  /** The account's cash, with its row locked until the transaction ends (writers queue here). */
  async lockCash(): Promise<number> {
    const [row] = await this.client.query<{ cash: number }>(
      "SELECT cash FROM paper_accounts WHERE account = $1 FOR UPDATE",
      [this.account],
    );
    if (!row) throw new Error(`paper account ${this.account} does not exist`);
    return row.cash;
  }

  async cash(): Promise<number> {
    const [row] = await this.client.query<{ cash: number }>(
      "SELECT cash FROM paper_accounts WHERE account = $1",
      [this.account],
    );
    return row?.cash ?? 0;
  }

  async setCash(cash: number): Promise<void> {
    await this.client.query("UPDATE paper_accounts SET cash = $2 WHERE account = $1", [
      this.account,
      cash,
    ]);
  }

  async insertOrder(order: PaperOrder): Promise<void> {
    await this.client.query(
      `INSERT INTO paper_orders (broker_order_id, account, client_order_id, symbol, side, quantity,
         type, limit_price, time_in_force, reserve_price, status, filled_quantity,
         average_fill_price, reject_reason, submitted_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, ${fromMs("$15")},
         ${fromMs("$16")})`,
      [
        order.brokerOrderId,
        this.account,
        order.clientOrderId,
        order.symbol,
        order.side,
        order.quantity,
        order.type,
        order.limitPrice,
        order.timeInForce,
        order.reservePrice,
        order.status,
        order.filledQuantity,
        order.averageFillPrice,
        order.rejectReason,
        order.submittedAtMs,
        order.updatedAtMs,
      ],
    );
  }

  async updateOrder(order: PaperOrder): Promise<void> {
    await this.client.query(
      `UPDATE paper_orders SET status = $3, filled_quantity = $4, average_fill_price = $5,
         reject_reason = $6, updated_at = ${fromMs("$7")}
       WHERE account = $1 AND broker_order_id = $2`,
      [
        this.account,
        order.brokerOrderId,
        order.status,
        order.filledQuantity,
        order.averageFillPrice,
        order.rejectReason,
        order.updatedAtMs,
      ],
    );
  }

  async orderById(brokerOrderId: string): Promise<PaperOrder | undefined> {
    const [row] = await this.client.query<OrderRow>(
      `SELECT ${orderColumns} FROM paper_orders WHERE account = $1 AND broker_order_id = $2`,
      [this.account, brokerOrderId],
    );
    return row && toOrder(row);
  }

  async orderByClientId(clientOrderId: string): Promise<PaperOrder | undefined> {
    const [row] = await this.client.query<OrderRow>(
      `SELECT ${orderColumns} FROM paper_orders WHERE account = $1 AND client_order_id = $2`,
      [this.account, clientOrderId],
    );
    return row && toOrder(row);
  }

  /** Open orders, oldest first (the order in which they fill). */
  async openOrders(): Promise<PaperOrder[]> {
    const rows = await this.client.query<OrderRow>(
      `SELECT ${orderColumns} FROM paper_orders
       WHERE account = $1 AND status IN ${openStatuses} ORDER BY sequence`,
      [this.account],
    );
    return rows.map(toOrder);
  }

  async insertFill(fill: BrokerFill, barAtMs: number): Promise<void> {
    await this.client.query(
      `INSERT INTO paper_fills (fill_id, account, broker_order_id, symbol, side, quantity, price,
         fee, at, bar_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ${fromMs("$9")}, ${fromMs("$10")})`,
      [
        fill.fillId,
        this.account,
        fill.brokerOrderId,
        fill.symbol,
        fill.side,
        fill.quantity,
        fill.price,
        fill.fee,
        fill.atMs,
        barAtMs,
      ],
    );
  }

  /** Units of `symbol` already filled against the bar at `barAtMs` (its volume is shared). */
  async filledOnBar(symbol: string, barAtMs: number): Promise<number> {
    const [row] = await this.client.query<{ filled: number }>(
      `SELECT coalesce(sum(quantity), 0)::float8 AS filled FROM paper_fills
       WHERE account = $1 AND symbol = $2 AND bar_at = ${fromMs("$3")}`,
      [this.account, symbol, barAtMs],
    );
    return row?.filled ?? 0;
  }

  async fills(brokerOrderId: string): Promise<BrokerFill[]> {
    const rows = await this.client.query<{
      fill_id: string;
      client_order_id: string;
      symbol: string;
      side: "buy" | "sell";
      quantity: number;
      price: number;
      fee: number;
      at_ms: number;
    }>(
      `SELECT f.fill_id, o.client_order_id, f.symbol, f.side, f.quantity, f.price, f.fee,
         ${epochMs("f.at")} AS at_ms
       FROM paper_fills f JOIN paper_orders o USING (broker_order_id)
       WHERE f.account = $1 AND f.broker_order_id = $2 ORDER BY f.sequence`,
      [this.account, brokerOrderId],
    );
    return rows.map((row) => ({
      fillId: row.fill_id,
      brokerOrderId,
      clientOrderId: row.client_order_id,
      symbol: row.symbol,
      side: row.side,
      quantity: row.quantity,
      price: row.price,
      fee: row.fee,
      atMs: Math.round(row.at_ms),
    }));
  }

  async holdings(): Promise<PaperHolding[]> {
    const rows = await this.client.query<{
      symbol: string;
      quantity: number;
      average_entry_price: number;
    }>(
      `SELECT symbol, quantity, average_entry_price FROM paper_positions
       WHERE account = $1 ORDER BY symbol`,
      [this.account],
    );
    return rows.map((row) => ({
      symbol: row.symbol,
      quantity: row.quantity,
      averageEntryPrice: row.average_entry_price,
    }));
  }

  async holding(symbol: string): Promise<PaperHolding | undefined> {
    const [row] = await this.client.query<{ quantity: number; average_entry_price: number }>(
      `SELECT quantity, average_entry_price FROM paper_positions WHERE account = $1 AND symbol = $2`,
      [this.account, symbol],
    );
    return row && { symbol, quantity: row.quantity, averageEntryPrice: row.average_entry_price };
  }

  /** Stores the position, or removes it when flat. */
  async setHolding(holding: PaperHolding): Promise<void> {
    if (holding.quantity === 0) {
      await this.client.query("DELETE FROM paper_positions WHERE account = $1 AND symbol = $2", [
        this.account,
        holding.symbol,
      ]);
      return;
    }
    await this.client.query(
      `INSERT INTO paper_positions (account, symbol, quantity, average_entry_price)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (account, symbol) DO UPDATE
         SET quantity = EXCLUDED.quantity, average_entry_price = EXCLUDED.average_entry_price`,
      [this.account, holding.symbol, holding.quantity, holding.averageEntryPrice],
    );
  }
}
