export { GridSampler } from "./grid-sampler.ts";
export { shouldPrune, type MedianPrunerOptions } from "./pruner.ts";
export { RandomSampler } from "./random-sampler.ts";
export { TrialState, type Sampler, type Trial } from "./sampler.ts";
export {
  boundsOf,
  gridPoints,
  inDomain,
  maxGridPoints,
  parameterNames,
  spaceSize,
  validateSpace,
  type ParameterDomain,
  type ParameterSpace,
  type ParameterValues,
} from "./space.ts";
export { goodCount, TpeSampler, type TpeOptions } from "./tpe-sampler.ts";
export {
  bindParameters,
  isParameterReference,
  referencedParameters,
  templateProblems,
  type SpecTemplate,
} from "./template.ts";
export {
  describeObjective,
  objectiveMetrics,
  objectiveValue,
  validateObjective,
  type Objective,
  type ObjectiveMetric,
} from "./objective.ts";
export {
  runWalkForward,
  walkForwardWindows,
  type InSampleResult,
  type OutOfSampleRun,
  type ParameterDrift,
  type TimeRange,
  type WalkForwardOptions,
  type WalkForwardResult,
  type WalkForwardWindow,
  type WalkForwardWindowOptions,
  type WalkForwardWindowResult,
} from "./walk-forward.ts";
export {
  complexityLadder,
  ladderSteps,
  type LadderLevel,
  type LadderOptions,
  type LadderStep,
} from "./ladder.ts";
export { type LadderComplexity } from "./ladder-complexity.ts";
export { defaultToleranceFraction, pickLevel, type LadderPoint } from "./pick-level.ts";
