import { z } from "zod";

/** A stored strategy's id as a tool takes it: its spec's content hash. */
export const StrategyIdInput = z
  .string()
  .regex(
    /^[0-9a-f]{64}$/,
    'a strategy id is the 64-hex-digit id backtest_strategy returns (list_strategies {"ids": [its first 8 or more digits]} finds a shortened one)',
  );
