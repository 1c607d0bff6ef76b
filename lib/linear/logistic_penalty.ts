/**
 * LogisticRegression's penalty options as scikit-learn 1.2 reads them: which solver takes which penalty, the L1 /
 * L2 strengths of "l1" and "elasticnet", and the "saga" solver's seeded sample order.
 */
import { OptionError } from "../errors";
import { checkRandomState } from "../random/global";
import type { RandomState } from "../random";
import { warn } from "./optim/warnings";

type Penalty = "l2" | "l1" | "elasticnet" | "none" | null;

/**
 * Refuse a penalty the solver cannot handle, naming the one that can (scikit-learn's _check_solver rules; its
 * "liblinear" penalizes the intercept, so "saga" is the solver offered here for "l1").
 * @example checkPenaltySolver("l1", "lbfgs", null); // OptionError naming solver "saga"
 */
export function checkPenaltySolver(penalty: Penalty, solver: string, l1Ratio: number | null): void {
  if ((penalty === "l1" || penalty === "elasticnet") && solver !== "saga") {
    throw new OptionError("solver", `"saga" for penalty "${penalty}" (solver "${solver}" supports only "l2" or "none")`, solver);
  }
  if (penalty === "elasticnet") {
    // the range is the table's; the need for a value is this rule's
    if (l1Ratio === null || l1Ratio === undefined) {
      throw new OptionError("l1Ratio", 'a number in [0, 1] with penalty "elasticnet"', l1Ratio);
    }
  } else if (l1Ratio !== null && l1Ratio !== undefined) {
    warn("UserWarning", `l1Ratio parameter is only used when penalty is 'elasticnet'. Got (penalty=${penalty})`);
  }
}

/**
 * The L2 and L1 strengths on the summed loss: Σ loss + l2·½‖w‖² + l1·‖w‖₁.
 * @example penaltyStrengths("elasticnet", 2, 0.5); // { l2: 0.25, l1: 0.25 }
 */
export function penaltyStrengths(penalty: Penalty, C: number, l1Ratio: number | null): { l2: number; l1: number } {
  if (penalty === null || penalty === "none") return { l2: 0, l1: 0 };
  if (penalty === "l1") return { l2: 0, l1: 1 / C };
  if (penalty === "elasticnet") return { l2: (1 - (l1Ratio as number)) / C, l1: (l1Ratio as number) / C };
  return { l2: 1 / C, l1: 0 };
}

/**
 * The "saga" solver's epochs: m sample indices drawn with replacement from a generator seeded by randomState.
 * @example sagaOrder(0, 100)(); // 100 indices in [0, 100)
 */
export function sagaOrder(randomState: number | RandomState | null | undefined, m: number): () => ArrayLike<number> {
  let rs: RandomState | null = null;
  return () => (rs ??= checkRandomState(randomState)).randint(0, m, m).data;
}
