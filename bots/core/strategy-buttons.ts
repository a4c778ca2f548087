import { ButtonStyle, type Button } from "./message.ts";

/** Buttons that ask about a strategy (on a digest's items): a click is a request in words. */
export const StrategyButton = {
  OPEN: "strategy:open",
  VALIDATE: "strategy:validate",
} as const;
export type StrategyButton = (typeof StrategyButton)[keyof typeof StrategyButton];

const strategyIdPattern = /^[0-9a-f]{64}$/;

/**
 * "Open" shows how the strategy does against its benchmarks; "Validate" runs the validator. The
 * name, when given, goes on the labels (cut to fit Discord's 80 characters).
 */
export function strategyButtons(strategyId: string, name?: string): Button[] {
  if (!strategyIdPattern.test(strategyId)) throw new Error(`not a strategy id: ${strategyId}`);
  const label = (verb: string) => (name ? `${verb} ${name}`.slice(0, 80) : verb);
  return [
    {
      id: StrategyButton.OPEN,
      label: label("Open"),
      style: ButtonStyle.PRIMARY,
      value: strategyId,
    },
    {
      id: StrategyButton.VALIDATE,
      label: label("Validate"),
      style: ButtonStyle.PRIMARY,
      value: strategyId,
    },
  ];
}

export function isStrategyButton(buttonId: string): buttonId is StrategyButton {
  return buttonId === StrategyButton.OPEN || buttonId === StrategyButton.VALIDATE;
}

/**
 * What a click on a strategy button asks, as the words a person would type: the same turn as
 * if they had written it, so the offline planner and a model both understand it.
 */
export function strategyRequest(
  buttonId: StrategyButton,
  value: string,
): { ok: true; text: string } | { ok: false; message: string } {
  if (!strategyIdPattern.test(value))
    return { ok: false, message: "Refused: this button does not name a strategy." };
  return buttonId === StrategyButton.OPEN
    ? { ok: true, text: `compare strategy ${value} with buy and hold and SPY` }
    : { ok: true, text: `validate strategy ${value}` };
}
