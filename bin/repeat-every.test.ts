import { describe, expect, it } from "vitest";
import { silentLog } from "../test/support/order-harness.ts";
import { eventually } from "../test/support/eventually.ts";
import { repeatEvery } from "./repeat-every.ts";

/**
 * A task whose runs wait until released (or run straight through once `open`), counting how many
 * started and how many overlapped.
 */
function gatedTask() {
  let release: () => void = () => {};
  const state = {
    started: 0,
    running: 0,
    mostAtOnce: 0,
    open: false,
    signals: [] as AbortSignal[],
  };
  const gate = () =>
    state.open ? Promise.resolve() : new Promise<void>((resolve) => (release = resolve));
  const task = async (signal: AbortSignal) => {
    state.started += 1;
    state.running += 1;
    state.mostAtOnce = Math.max(state.mostAtOnce, state.running);
    state.signals.push(signal);
    await gate();
    state.running -= 1;
  };
  return { task, state, release: () => release() };
}

describe("a task repeated in this process", () => {
  it("runs again and again, never two runs at once, and stop waits for the run in progress", async () => {
    const { task, state, release } = gatedTask();
    const repeating = repeatEvery("test task", 5, task, silentLog);
    await eventually(() => state.started === 1);
    // Many turns come due while the first run waits: none starts beside it.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(state.started).toBe(1);
    state.open = true;
    release();
    await eventually(() => state.started >= 3);
    expect(state.mostAtOnce).toBe(1);

    state.open = false;
    await eventually(() => state.running === 1);
    const startedBeforeStop = state.started;
    let stopped = false;
    const stopping = repeating.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The run in progress was told to stop and is waited for.
    expect(state.signals.at(-1)!.aborted).toBe(true);
    expect(stopped).toBe(false);
    release();
    await stopping;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(state.started).toBe(startedBeforeStop);
  });

  it("logs a run that fails and runs the next", async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const repeating = repeatEvery(
      "flaky check",
      5,
      () => {
        runs += 1;
        return runs === 1 ? Promise.reject(new Error("database gone")) : Promise.resolve();
      },
      { ...silentLog, error: (fields: unknown, message: string) => errors.push([fields, message]) },
    );
    await eventually(() => runs >= 3);
    await repeating.stop();
    expect(errors).toEqual([
      [{ err: new Error("database gone"), task: "flaky check" }, "flaky check failed"],
    ]);
  });
});
