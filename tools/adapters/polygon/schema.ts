import { z } from "zod";

/** Polygon.io REST responses (only the fields we use), validated before mapping: vendor data is untrusted. */
export const PolygonAggregatesResponse = z.object({
  status: z.string(),
  ticker: z.string().optional(),
  adjusted: z.boolean().optional(),
  // Omitted instead of empty when nothing matches.
  results: z
    .array(
      z.object({
        t: z.number(),
        o: z.number(),
        h: z.number(),
        l: z.number(),
        c: z.number(),
        v: z.number(),
      }),
    )
    .optional(),
  next_url: z.string().optional(),
});
export type PolygonAggregatesResponse = z.infer<typeof PolygonAggregatesResponse>;

export const PolygonSplitsResponse = z.object({
  status: z.string(),
  results: z
    .array(
      z.object({
        ticker: z.string(),
        execution_date: z.string(),
        split_from: z.number(),
        split_to: z.number(),
      }),
    )
    .optional(),
  next_url: z.string().optional(),
});

export const PolygonDividendsResponse = z.object({
  status: z.string(),
  results: z
    .array(z.object({ ticker: z.string(), ex_dividend_date: z.string(), cash_amount: z.number() }))
    .optional(),
  next_url: z.string().optional(),
});

/** Polygon's multiplier and timespan for each of our timeframes. */
export const polygonTimespan = {
  "1m": [1, "minute"],
  "5m": [5, "minute"],
  "15m": [15, "minute"],
  "1h": [1, "hour"],
  "1d": [1, "day"],
} as const;
