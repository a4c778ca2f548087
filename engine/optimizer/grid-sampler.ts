import type { Sampler, Trial } from "./sampler.ts";
import { gridPoints, parameterNames, type ParameterSpace, type ParameterValues } from "./space.ts";

/**
 * Walks `gridPoints` in order and suggests the first point no trial in the history has, so a
 * resumed run goes on where it stopped. Failed and pruned points count as seen: they are not
 * retried (drop them from the history to retry them).
 *
 * Keeps what it learnt from the history between calls, assuming the history only grows; a
 * history that is shorter or differs in its last seen trial is read again from the start.
 */
export class GridSampler implements Sampler {
  private readonly names: string[];
  private readonly seen = new Set<string>();
  private points: Iterator<ParameterValues>;
  /** The first grid point not seen yet, or undefined once the grid is exhausted. */
  private candidate: ParameterValues | undefined;
  private trialsRead = 0;
  private lastTrialRead: Trial | undefined;

  constructor(
    private readonly space: ParameterSpace,
    private readonly options: { pointsPerFloat?: number } = {},
  ) {
    this.points = gridPoints(space, options.pointsPerFloat);
    this.names = parameterNames(space);
    this.candidate = this.advance();
  }

  next(history: readonly Trial[]): ParameterValues | undefined {
    const extendsLastRead =
      history.length >= this.trialsRead &&
      (this.trialsRead === 0 || history[this.trialsRead - 1] === this.lastTrialRead);
    if (!extendsLastRead) this.restart();
    for (let index = this.trialsRead; index < history.length; index++)
      this.seen.add(this.keyOf(history[index]!.params));
    this.trialsRead = history.length;
    this.lastTrialRead = history.at(-1);
    while (this.candidate && this.seen.has(this.keyOf(this.candidate)))
      this.candidate = this.advance();
    return this.candidate && { ...this.candidate };
  }

  private advance(): ParameterValues | undefined {
    const step = this.points.next();
    return step.done ? undefined : step.value;
  }

  private restart(): void {
    this.seen.clear();
    this.points = gridPoints(this.space, this.options.pointsPerFloat);
    this.candidate = this.advance();
    this.trialsRead = 0;
    this.lastTrialRead = undefined;
  }

  /** JSON keeps 1 and "1" apart; a number round-trips exactly, so a stored history matches. */
  private keyOf(params: ParameterValues): string {
    return JSON.stringify(this.names.map((name) => params[name] ?? null));
  }
}
