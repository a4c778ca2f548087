import type { ValidationRule } from "../types.ts";
import { capacityRules } from "./capacity.ts";
import { cryptoRules } from "./crypto.ts";
import { dataIntegrityRules } from "./data-integrity.ts";
import { equitiesRules } from "./equities.ts";
import { futuresRules } from "./futures.ts";
import { fxRules } from "./fx.ts";
import { lookAheadRules } from "./look-ahead.ts";
import { portfolioRules } from "./portfolio.ts";
import { regimeRules } from "./regime.ts";
import { robustnessRules } from "./robustness.ts";
import { significanceRules } from "./significance.ts";
import { timeZoneRules } from "./time-zones.ts";

/** Every built-in rule, in the order a report lists them. */
export const builtInRules: readonly ValidationRule[] = [
  ...dataIntegrityRules,
  ...lookAheadRules,
  ...significanceRules,
  ...robustnessRules,
  ...regimeRules,
  ...capacityRules,
  ...portfolioRules,
  ...equitiesRules,
  ...futuresRules,
  ...fxRules,
  ...cryptoRules,
  ...timeZoneRules,
];
