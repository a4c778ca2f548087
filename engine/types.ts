/** Columnar OHLCV bars of one symbol: one Float64Array per field, timestamps in epoch ms UTC. */
export interface BarSeries {
  symbol: string;
  timestampMs: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Raised by the engine when input data breaks an invariant; names the symbol, row and field. */
export class EngineDataError extends Error {
  readonly code = "invalid_data";
  constructor(
    message: string,
    readonly detail: { symbol?: string; row?: number; field?: string } = {},
  ) {
    super(message);
    this.name = "EngineDataError";
  }
}
