import { cholesky } from "./cholesky.ts";

/**
 * The constraints of a convex quadratic program over n variables: minimize ½ xᵀGx + cᵀx subject
 * to `equalities` (aᵀx = b), bounds `lower <= x <= upper` (±Infinity where there is none) and
 * general `inequalities` (aᵀx <= b). Rows are row-major, n numbers each.
 */
export interface QuadraticConstraints {
  linear: Float64Array;
  equalities?: { rows: Float64Array; rhs: Float64Array };
  lower?: Float64Array;
  upper?: Float64Array;
  inequalities?: { rows: Float64Array; rhs: Float64Array };
}

export type QuadraticOutcome =
  | { status: "optimal"; objective: number; iterations: number }
  | { status: "infeasible" | "stalled"; reason: string };

const epsilon = Number.EPSILON;

/**
 * The dual active-set method of Goldfarb and Idnani ("A numerically stable dual method for
 * solving strictly convex quadratic programs", Math. Programming 27, 1983), as QuadProg++ (L. Di
 * Gaspero) and R's quadprog (B. Turlach) implement it. It starts from the unconstrained minimum
 * -G⁻¹c, adds the equalities, then repeatedly adds the most violated inequality, dropping active
 * ones whose multiplier would turn negative, so every iterate is dual feasible: no feasible
 * starting point is needed, and an empty feasible set is detected (no step length exists).
 * J = L⁻ᵀQ and the upper-triangular R (the active normals' QR factor in the J basis) are updated
 * by Givens rotations, O(n²) per change of the active set.
 *
 * Chosen over an npm QP package because engine/ imports no packages, and so the hot loops stay on
 * preallocated Float64Arrays: a solver holds its workspace and allocates nothing per solve. Bounds
 * are handled as unit normals (O(n) instead of O(n²) per step), which most portfolio constraints
 * are. G must be strictly positive definite; set it once (`setHessian`) and solve as many
 * problems with it as needed (the efficient frontier).
 */
export class QuadraticProgramSolver {
  private readonly lowerFactor: Float64Array;
  private readonly initialJ: Float64Array;
  private readonly j: Float64Array;
  private readonly r: Float64Array;
  private readonly d: Float64Array;
  private readonly z: Float64Array;
  private readonly rStep: Float64Array;
  private readonly xOld: Float64Array;
  private readonly u: Float64Array;
  private readonly uOld: Float64Array;
  private readonly slack: Float64Array;
  private readonly active: Int32Array;
  private readonly activeOld: Int32Array;
  private readonly inactive: Int32Array;
  private readonly excluded: Uint8Array;
  private hessianTrace = 0;
  private jTrace = 0;
  private hasHessian = false;
  private problem: QuadraticConstraints = { linear: new Float64Array(0) };
  private general = 0;

  constructor(
    readonly n: number,
    private readonly capacity: { equalities: number; inequalities: number },
  ) {
    const constraints = capacity.equalities + 2 * n + capacity.inequalities;
    this.lowerFactor = new Float64Array(n * n);
    this.initialJ = new Float64Array(n * n);
    this.j = new Float64Array(n * n);
    this.r = new Float64Array(n * n);
    this.d = new Float64Array(n);
    this.z = new Float64Array(n);
    this.rStep = new Float64Array(n + 1);
    this.xOld = new Float64Array(n);
    this.u = new Float64Array(constraints + 1);
    this.uOld = new Float64Array(constraints + 1);
    this.slack = new Float64Array(2 * n + capacity.inequalities);
    this.active = new Int32Array(constraints + 1);
    this.activeOld = new Int32Array(constraints + 1);
    this.inactive = new Int32Array(2 * n + capacity.inequalities);
    this.excluded = new Uint8Array(2 * n + capacity.inequalities);
  }

  /** Factors G (n x n, row-major); throws a RangeError when it is not positive definite. */
  setHessian(hessian: Float64Array): void {
    const n = this.n;
    if (!cholesky(hessian, n, this.lowerFactor))
      throw new RangeError("the quadratic term is not positive definite");
    let trace = 0;
    for (let i = 0; i < n; i++) trace += hessian[i * n + i]!;
    this.hessianTrace = trace;
    // J = L⁻ᵀ, stored by columns (element (k, c) at c·n + k) because the rotations and the
    // products with J run down its columns. Column c of L⁻ᵀ is row c of L⁻¹, and column c of
    // L⁻¹ solves L v = e_c: `inverse[c·n + row]` = (L⁻¹)[row][c], transposed below.
    const l = this.lowerFactor;
    const inverse = this.j;
    inverse.fill(0);
    for (let c = 0; c < n; c++) {
      for (let row = c; row < n; row++) {
        let sum = row === c ? 1 : 0;
        for (let k = c; k < row; k++) sum -= l[row * n + k]! * inverse[c * n + k]!;
        inverse[c * n + row] = sum / l[row * n + row]!;
      }
    }
    for (let c = 0; c < n; c++)
      for (let k = 0; k < n; k++) this.initialJ[c * n + k] = inverse[k * n + c]!;
    let jTrace = 0;
    for (let i = 0; i < n; i++) jTrace += inverse[i * n + i]!;
    this.jTrace = jTrace;
    this.hasHessian = true;
  }

  /** Solves the program with the Hessian last set; `x` receives the minimizer. */
  solve(problem: QuadraticConstraints, x: Float64Array): QuadraticOutcome {
    if (!this.hasHessian) throw new RangeError("setHessian must be called before solve");
    const n = this.n;
    const equalities = problem.equalities ? problem.equalities.rhs.length : 0;
    this.general = problem.inequalities ? problem.inequalities.rhs.length : 0;
    if (equalities > this.capacity.equalities || this.general > this.capacity.inequalities)
      throw new RangeError("more constraints than the solver was sized for");
    this.problem = problem;
    const inequalities = 2 * n + this.general;
    const { j, r, d, z, rStep, u, slack, active, inactive, excluded } = this;
    j.set(this.initialJ);
    r.fill(0);
    u.fill(0);
    let rNorm = 1;
    let activeCount = 0;

    // The unconstrained minimum x = -G⁻¹c = -J Jᵀ c.
    for (let c = 0; c < n; c++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += j[c * n + k]! * problem.linear[k]!;
      d[c] = sum;
    }
    x.fill(0, 0, n);
    for (let c = 0; c < n; c++) {
      const dc = d[c]!;
      for (let k = 0; k < n; k++) x[k]! -= j[c * n + k]! * dc;
    }
    let objective = 0;
    for (let i = 0; i < n; i++) objective += 0.5 * problem.linear[i]! * x[i]!;

    for (let e = 0; e < equalities; e++) {
      const row = problem.equalities!.rows.subarray(e * n, e * n + n);
      this.directionFromRow(row, 1, activeCount);
      const curvature = dot(z, row, n);
      let step = 0;
      if (Math.abs(dot(z, z, n)) > epsilon)
        step = (problem.equalities!.rhs[e]! - dot(row, x, n)) / curvature;
      for (let i = 0; i < n; i++) x[i]! += step * z[i]!;
      u[activeCount] = step;
      for (let i = 0; i < activeCount; i++) u[i]! -= step * rStep[i]!;
      objective += 0.5 * step * step * curvature;
      active[activeCount] = -e - 1;
      const added = this.addConstraint(activeCount, rNorm);
      if (added === 0)
        return { status: "infeasible", reason: "the equality constraints are linearly dependent" };
      rNorm = added;
      activeCount++;
    }

    for (let k = 0; k < inequalities; k++) inactive[k] = k;
    const tolerance = inequalities * epsilon * this.hessianTrace * this.jTrace * 100;
    const maxIterations = 50 * (inequalities + equalities + 10);
    let iterations = 0;
    for (;;) {
      // Step 1: the slacks of every inequality; stop when none is violated beyond rounding.
      if (++iterations > maxIterations)
        return { status: "stalled", reason: "the active-set method did not converge" };
      for (let i = equalities; i < activeCount; i++) inactive[active[i]!] = -1;
      let violation = 0;
      for (let k = 0; k < inequalities; k++) {
        excluded[k] = 0;
        const value = this.slackOf(k, x);
        slack[k] = value;
        if (value < 0) violation += value;
      }
      if (Math.abs(violation) <= tolerance) return { status: "optimal", objective, iterations };
      this.uOld.set(u);
      this.activeOld.set(active);
      this.xOld.set(x);

      // Step 2: the most violated constraint not yet active (nor excluded as dependent).
      for (;;) {
        let worst = 0;
        let chosen = -1;
        for (let k = 0; k < inequalities; k++) {
          if (slack[k]! < worst && inactive[k] !== -1 && excluded[k] === 0) {
            worst = slack[k]!;
            chosen = k;
          }
        }
        if (chosen < 0) return { status: "optimal", objective, iterations };
        u[activeCount] = 0;
        active[activeCount] = chosen;

        let stepped = false;
        for (;;) {
          // Step 2a: the primal direction z and the dual direction r.
          this.directionFromConstraint(chosen, activeCount);
          // Step 2b: the longest dual step that keeps active multipliers >= 0 (t1), and the
          // primal step that satisfies the chosen constraint (t2).
          let dropped = -1;
          let dualStep = Infinity;
          for (let k = equalities; k < activeCount; k++) {
            if (rStep[k]! > 0 && u[k]! / rStep[k]! < dualStep) {
              dualStep = u[k]! / rStep[k]!;
              dropped = active[k]!;
            }
          }
          const curvature = this.normalDot(chosen, z);
          const primalStep =
            Math.abs(dot(z, z, n)) > epsilon ? -slack[chosen]! / curvature : Infinity;
          const step = Math.min(dualStep, primalStep);
          // Step 2c.
          if (step === Infinity)
            return { status: "infeasible", reason: "the constraints admit no solution" };
          if (primalStep === Infinity) {
            // A step in the dual space only: drop the blocking constraint and look again.
            for (let k = 0; k < activeCount; k++) u[k]! -= step * rStep[k]!;
            u[activeCount]! += step;
            inactive[dropped] = dropped;
            activeCount = this.deleteConstraint(activeCount, equalities, dropped);
            continue;
          }
          for (let i = 0; i < n; i++) x[i]! += step * z[i]!;
          objective += step * curvature * (0.5 * step + u[activeCount]!);
          for (let k = 0; k < activeCount; k++) u[k]! -= step * rStep[k]!;
          u[activeCount]! += step;
          if (Math.abs(step - primalStep) <= epsilon * Math.max(1, Math.abs(step))) {
            // A full step: the chosen constraint joins the active set.
            const added = this.addConstraint(activeCount, rNorm);
            if (added === 0) {
              // Linearly dependent on the active set: restore and try another constraint.
              excluded[chosen] = 1;
              activeCount = this.deleteConstraint(activeCount + 1, equalities, chosen);
              for (let k = 0; k < inequalities; k++) inactive[k] = k;
              for (let k = equalities; k < activeCount; k++) {
                active[k] = this.activeOld[k]!;
                u[k] = this.uOld[k]!;
                inactive[active[k]!] = -1;
              }
              x.set(this.xOld);
              break;
            }
            rNorm = added;
            activeCount++;
            inactive[chosen] = -1;
            stepped = true;
            break;
          }
          // A partial step: drop the blocking constraint, keep adding the chosen one.
          inactive[dropped] = dropped;
          activeCount = this.deleteConstraint(activeCount, equalities, dropped);
          slack[chosen] = this.slackOf(chosen, x);
        }
        if (stepped) break;
      }
    }
  }

  /** aᵀx − b turned into a slack that is >= 0 when the inequality holds. */
  private slackOf(k: number, x: Float64Array): number {
    const n = this.n;
    if (k < n) {
      const bound = this.problem.lower?.[k] ?? -Infinity;
      return bound === -Infinity ? Infinity : x[k]! - bound;
    }
    if (k < 2 * n) {
      const bound = this.problem.upper?.[k - n] ?? Infinity;
      return bound === Infinity ? Infinity : bound - x[k - n]!;
    }
    const g = k - 2 * n;
    const rows = this.problem.inequalities!.rows;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += rows[g * n + i]! * x[i]!;
    return this.problem.inequalities!.rhs[g]! - sum;
  }

  /** The inequality's normal (pointing into the feasible side) dotted with v. */
  private normalDot(k: number, v: Float64Array): number {
    const n = this.n;
    if (k < n) return v[k]!;
    if (k < 2 * n) return -v[k - n]!;
    const g = k - 2 * n;
    const rows = this.problem.inequalities!.rows;
    let sum = 0;
    for (let i = 0; i < n; i++) sum -= rows[g * n + i]! * v[i]!;
    return sum;
  }

  private directionFromConstraint(k: number, activeCount: number): void {
    const n = this.n;
    if (k < 2 * n) {
      // d = Jᵀ(±e_i): row i of J.
      const i = k < n ? k : k - n;
      const sign = k < n ? 1 : -1;
      for (let c = 0; c < n; c++) this.d[c] = sign * this.j[c * n + i]!;
      this.finishDirection(activeCount);
    } else {
      const g = k - 2 * n;
      this.directionFromRow(
        this.problem.inequalities!.rows.subarray(g * n, g * n + n),
        -1,
        activeCount,
      );
    }
  }

  /** d = Jᵀ(sign · row), then z and r. */
  private directionFromRow(row: Float64Array, sign: number, activeCount: number): void {
    const { n, j, d } = this;
    for (let c = 0; c < n; c++) {
      let sum = 0;
      for (let p = 0; p < n; p++) sum += j[c * n + p]! * row[p]!;
      d[c] = sign * sum;
    }
    this.finishDirection(activeCount);
  }

  /** z = J₂d₂ (the step in the null space of the active normals), r = R⁻¹d₁ (the dual step). */
  private finishDirection(activeCount: number): void {
    const { n, j, d, z, r, rStep } = this;
    z.fill(0);
    for (let c = activeCount; c < n; c++) {
      const dc = d[c]!;
      if (dc === 0) continue;
      const column = c * n;
      for (let i = 0; i < n; i++) z[i]! += j[column + i]! * dc;
    }
    for (let i = activeCount - 1; i >= 0; i--) {
      let sum = 0;
      for (let c = i + 1; c < activeCount; c++) sum += r[i * n + c]! * rStep[c]!;
      rStep[i] = (d[i]! - sum) / r[i * n + i]!;
    }
  }

  /**
   * Rotates d so only its first activeCount+1 entries are non-zero (applying the rotations to
   * J) and appends it to R. Returns the new norm bound of R, or 0 when the new normal is
   * linearly dependent on the active ones.
   */
  private addConstraint(activeCount: number, rNorm: number): number {
    const { n, j, d, r } = this;
    for (let c = n - 1; c >= activeCount + 1; c--) {
      let cosine = d[c - 1]!;
      let sine = d[c]!;
      const h = Math.hypot(cosine, sine);
      if (h === 0) continue;
      d[c] = 0;
      sine /= h;
      cosine /= h;
      if (cosine < 0) {
        cosine = -cosine;
        sine = -sine;
        d[c - 1] = -h;
      } else d[c - 1] = h;
      const ratio = sine / (1 + cosine);
      const left = (c - 1) * n;
      const right = c * n;
      for (let k = 0; k < n; k++) {
        const a = j[left + k]!;
        const b = j[right + k]!;
        const rotated = a * cosine + b * sine;
        j[left + k] = rotated;
        j[right + k] = ratio * (a + rotated) - b;
      }
    }
    for (let i = 0; i <= activeCount; i++) r[i * n + activeCount] = d[i]!;
    const diagonal = Math.abs(d[activeCount]!);
    if (diagonal <= epsilon * rNorm) return 0;
    return Math.max(rNorm, diagonal);
  }

  /** Removes constraint `constraint` from the active set and restores R's triangle. */
  private deleteConstraint(activeCount: number, equalities: number, constraint: number): number {
    const { n, j, r, u, active } = this;
    let position = -1;
    for (let i = equalities; i < activeCount; i++)
      if (active[i] === constraint) {
        position = i;
        break;
      }
    if (position < 0) return activeCount;
    for (let i = position; i < activeCount - 1; i++) {
      active[i] = active[i + 1]!;
      u[i] = u[i + 1]!;
      for (let row = 0; row < n; row++) r[row * n + i] = r[row * n + i + 1]!;
    }
    active[activeCount - 1] = active[activeCount]!;
    u[activeCount - 1] = u[activeCount]!;
    active[activeCount] = 0;
    u[activeCount] = 0;
    for (let row = 0; row < activeCount; row++) r[row * n + activeCount - 1] = 0;
    const count = activeCount - 1;
    for (let c = position; c < count; c++) {
      let cosine = r[c * n + c]!;
      let sine = r[(c + 1) * n + c]!;
      const h = Math.hypot(cosine, sine);
      if (h === 0) continue;
      cosine /= h;
      sine /= h;
      r[(c + 1) * n + c] = 0;
      if (cosine < 0) {
        r[c * n + c] = -h;
        cosine = -cosine;
        sine = -sine;
      } else r[c * n + c] = h;
      const ratio = sine / (1 + cosine);
      for (let k = c + 1; k < count; k++) {
        const a = r[c * n + k]!;
        const b = r[(c + 1) * n + k]!;
        const rotated = a * cosine + b * sine;
        r[c * n + k] = rotated;
        r[(c + 1) * n + k] = ratio * (a + rotated) - b;
      }
      const left = c * n;
      const right = (c + 1) * n;
      for (let k = 0; k < n; k++) {
        const a = j[left + k]!;
        const b = j[right + k]!;
        const rotated = a * cosine + b * sine;
        j[left + k] = rotated;
        j[right + k] = ratio * (rotated + a) - b;
      }
    }
    return count;
  }
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i]! * b[i]!;
  return sum;
}
