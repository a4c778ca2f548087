import { pythonFunction, selectFunctions, type PythonFunction } from "../python/library.ts";

/**
 * A top-level MQL5 function of the generated runtime and the functions it calls: the same shape
 * as the Python runtime's, so the same selection (a file carries only what its strategy calls)
 * serves both.
 */
export type Mql5Function = PythonFunction;
export const mql5Function = pythonFunction;
export { selectFunctions };
