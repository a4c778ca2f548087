import type { SimulationConfig, SymbolPlan } from "../../../../../engine/simulate/types.ts";
import type { BarSeries } from "../../../../../engine/types.ts";

/** The simulation settings a spec fixes; the run supplies the cash and the period. */
export type StrategySimulation = Omit<SimulationConfig, "initialCash" | "startMs" | "endMs">;

/** What the generated part of a program defines: the spec, compiled. */
export interface CompiledStrategy {
  name: string;
  /** The generated file's name, for the usage line. */
  filename: string;
  /** The spec's id: sha256 of its canonical JSON. Every client_order_id starts with part of it. */
  specHash: string;
  generatorVersion: string;
  universe: readonly string[];
  timeframe: string;
  /**
   * Completed bars a live cycle reads: the warm-up many times over, because recursive indicators
   * (EMA, Wilder's smoothing) depend on where their history starts and settle only slowly.
   */
  historyBars: number;
  simulation: StrategySimulation;
  /** Entry and exit signals of one symbol, each judged on a bar's close with data up to that bar. */
  computePlan(bars: BarSeries): SymbolPlan;
}
