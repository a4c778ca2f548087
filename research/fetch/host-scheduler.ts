import type { Clock } from "../../tools/ports/clock.ts";
import { Semaphore } from "./semaphore.ts";

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface SchedulerLimits {
  /** Least time between the starts of two requests to one host. */
  minIntervalMs: number;
  perHostConcurrency: number;
  globalConcurrency: number;
}

interface HostState {
  slots: Semaphore;
  lastStartMs: number;
  /** The host's own spacing (robots.txt's Crawl-delay), when it asks for more than `minIntervalMs`. */
  intervalMs: number;
}

/**
 * Spaces and bounds requests: to one host, at most `perHostConcurrency` at once, started at
 * least `minIntervalMs` (or the host's own `pace`) apart; to all hosts together, at most
 * `globalConcurrency` at once.
 */
export class HostScheduler {
  private readonly global: Semaphore;
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly limits: SchedulerLimits,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {
    this.global = new Semaphore(limits.globalConcurrency);
  }

  /** Runs `task` (one request to `host`, e.g. "example.com:8080") when its turn comes. */
  run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const state = this.stateOf(host);
    // The interval is waited out while holding the global slot: waiting for that slot after
    // the interval could push this start and the next one closer together than allowed.
    return state.slots.use(
      () =>
        this.global.use(async () => {
          await this.waitForTurn(state, signal);
          return task();
        }, signal),
      signal,
    );
  }

  /**
   * Spaces requests to `host` at least `intervalMs` apart from now on, counted from the last one
   * started (which may have been robots.txt itself); never closer than `minIntervalMs`.
   */
  pace(host: string, intervalMs: number): void {
    this.stateOf(host).intervalMs = Math.max(this.limits.minIntervalMs, intervalMs);
  }

  private async waitForTurn(state: HostState, signal?: AbortSignal): Promise<void> {
    // A loop, because with several slots per host another request may take the turn first.
    for (
      let waitMs = state.lastStartMs + state.intervalMs - this.clock.nowMs();
      waitMs > 0;
      waitMs = state.lastStartMs + state.intervalMs - this.clock.nowMs()
    ) {
      await this.sleep(waitMs, signal);
    }
    state.lastStartMs = this.clock.nowMs();
  }

  private stateOf(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = {
        slots: new Semaphore(this.limits.perHostConcurrency),
        lastStartMs: Number.NEGATIVE_INFINITY,
        intervalMs: this.limits.minIntervalMs,
      };
      this.hosts.set(host, state);
    }
    return state;
  }
}
