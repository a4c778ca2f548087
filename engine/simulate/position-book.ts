import type { ExitReason, Trade } from "./types.ts";

/** Slots of the ledger: account totals as unboxed doubles. */
export const CASH = 0;
export const TRADED = 1;
export const FEES = 2;
/** Sum of signed quantity × mark, kept current within a step. */
export const POSITION_VALUE = 3;
/** Sum of |quantity| × mark. */
export const GROSS_VALUE = 4;

/** Open positions (one slot per symbol), the account ledger and the closed trades of one simulation. */
export class PositionBook {
  /** Signed: positive long, negative short, 0 flat. */
  readonly quantity: Float64Array;
  readonly lastClose: Float64Array;
  readonly entryPrice: Float64Array;
  readonly entryTime: Float64Array;
  readonly entryFee: Float64Array;
  readonly barsHeld: Int32Array;
  readonly ledger = new Float64Array(5);
  readonly trades: Trade[] = [];

  constructor(
    private readonly symbols: readonly string[],
    initialCash: number,
    private readonly direction: 1 | -1,
    private readonly feeRate: number,
    private readonly slippageRate: number,
  ) {
    const size = symbols.length;
    this.quantity = new Float64Array(size);
    this.lastClose = new Float64Array(size);
    this.entryPrice = new Float64Array(size);
    this.entryTime = new Float64Array(size);
    this.entryFee = new Float64Array(size);
    this.barsHeld = new Int32Array(size);
    this.ledger[CASH] = initialCash;
  }

  /** Closes symbol `s` at `basePrice` (moved against the trade by slippage when `slipped`) and records the trade. */
  close(
    s: number,
    exitTimeMs: number,
    basePrice: number,
    slipped: boolean,
    reason: ExitReason,
  ): void {
    const { quantity, lastClose, entryPrice, entryFee, ledger, direction } = this;
    const held = quantity[s]!;
    const size = Math.abs(held);
    const fill = slipped ? basePrice * (1 - direction * this.slippageRate) : basePrice;
    const fee = size * fill * this.feeRate;
    ledger[CASH]! += held * fill - fee;
    ledger[TRADED]! += size * fill;
    ledger[FEES]! += fee;
    ledger[POSITION_VALUE]! -= held * lastClose[s]!;
    ledger[GROSS_VALUE]! -= size * lastClose[s]!;
    this.trades.push({
      symbol: this.symbols[s]!,
      side: direction === 1 ? "long" : "short",
      entryTimeMs: this.entryTime[s]!,
      entryPrice: entryPrice[s]!,
      exitTimeMs,
      exitPrice: fill,
      quantity: size,
      pnl: direction * (fill - entryPrice[s]!) * size - entryFee[s]! - fee,
      fees: entryFee[s]! + fee,
      barsHeld: this.barsHeld[s]!,
      exitReason: reason,
    });
    quantity[s] = 0;
  }
}
