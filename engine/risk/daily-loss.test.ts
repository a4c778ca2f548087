import { describe, expect, it } from "vitest";
import { dailyLoss } from "./daily-loss.ts";

// Hand calculations: limit = fraction x day-start equity; loss = the worse of the equity drop
// and the realized loss, never below 0; left = limit - loss.
describe("dailyLoss", () => {
  it("counts the equity drop since the day began", () => {
    expect(
      dailyLoss({ equity: 98_500, dayStartEquity: 100_000, realizedPnlToday: 0 }, 0.02),
    ).toEqual({ loss: 1500, limit: 2000, left: 500 });
  });

  it("counts realized losses when the equity lags them", () => {
    expect(
      dailyLoss({ equity: 100_000, dayStartEquity: 100_000, realizedPnlToday: -2500 }, 0.02),
    ).toEqual({ loss: 2500, limit: 2000, left: -500 });
  });

  it("counts a gain as no loss", () => {
    expect(
      dailyLoss({ equity: 103_000, dayStartEquity: 100_000, realizedPnlToday: 800 }, 0.02),
    ).toEqual({ loss: 0, limit: 2000, left: 2000 });
  });

  it("gives no room on an account that started the day with nothing", () => {
    expect(dailyLoss({ equity: 0, dayStartEquity: -50, realizedPnlToday: 0 }, 0.02)).toEqual({
      loss: 0,
      limit: 0,
      left: 0,
    });
  });
});
