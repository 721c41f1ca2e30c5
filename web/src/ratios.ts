// The control ratios evaluated in the browser as the typist types (the server re-checks, and
// only the server decides). A ratio compares the sum of its left lines with the sum of its right
// lines. A ratio whose figures are not all typed is "pending", not failed: blank is not zero.
import type { Ratio, Values } from "./api";

export type RatioStatus = "ok" | "failed" | "pending" | "skipped";

export interface RatioResult {
  ratio: Ratio;
  status: RatioStatus;
  left: number | null; // the sums, when every operand is typed
  right: number | null;
}

const kTurnoutKey = "turnout_reported_during_day";

// The value of one operand: a line's typed figure, or `sum_of_choices` computed from every
// choice.N line of `choiceKeys`. null when a figure it needs is blank.
function operand(key: string, values: Values, choiceKeys: readonly string[]): number | null {
  if (key === "sum_of_choices") {
    let sum = 0;
    for (const choice of choiceKeys) {
      const value = values[choice];
      if (value === null || value === undefined) return null;
      sum += value;
    }
    return sum;
  }
  const value = values[key];
  return value === null || value === undefined ? null : value;
}

function side(keys: readonly string[], values: Values, choiceKeys: readonly string[]): number | null {
  let sum = 0;
  for (const key of keys) {
    const value = operand(key, values, choiceKeys);
    if (value === null) return null;
    sum += value;
  }
  return sum;
}

// Evaluates one protocol-scope ratio. Ratios of another scope (the two protocols of a precinct)
// need data this form does not have and are "skipped", as are turnout ratios when no turnout was
// reported.
export function evaluateRatio(
  ratio: Ratio,
  values: Values,
  choiceKeys: readonly string[],
): RatioResult {
  if (ratio.scope !== "protocol") return { ratio, status: "skipped", left: null, right: null };
  if (ratio.only_when_turnout_reported) {
    const turnout = values[kTurnoutKey];
    if (turnout === null || turnout === undefined) {
      return { ratio, status: "skipped", left: null, right: null };
    }
  }
  const left = side(ratio.left, values, choiceKeys);
  const right = side(ratio.right, values, choiceKeys);
  if (left === null || right === null) return { ratio, status: "pending", left, right };
  const holds =
    ratio.relation === "equal"
      ? Math.abs(left - right) <= ratio.tolerance
      : left <= right + ratio.tolerance;
  return { ratio, status: holds ? "ok" : "failed", left, right };
}

export function evaluateRatios(
  ratios: readonly Ratio[],
  values: Values,
  choiceKeys: readonly string[],
): RatioResult[] {
  return ratios.map((ratio) => evaluateRatio(ratio, values, choiceKeys));
}

// What stands between the typist and "finish": failed errors, failed warnings not acknowledged,
// and required lines still blank (the daytime turnout may stay blank: not every commission
// reports it).
export interface FinishCheck {
  errors: RatioResult[];
  unacknowledged: RatioResult[];
  blankLines: string[];
}

export function isOptionalLine(key: string): boolean {
  return key === kTurnoutKey;
}

export function checkFinish(
  results: readonly RatioResult[],
  acknowledged: ReadonlySet<string>,
  lineKeys: readonly string[],
  values: Values,
): FinishCheck {
  const failed = results.filter((result) => result.status === "failed");
  return {
    errors: failed.filter((result) => result.ratio.severity === "error"),
    unacknowledged: failed.filter(
      (result) => result.ratio.severity === "warning" && !acknowledged.has(result.ratio.id),
    ),
    blankLines: lineKeys.filter(
      (key) => !isOptionalLine(key) && (values[key] === null || values[key] === undefined),
    ),
  };
}

export function canFinish(check: FinishCheck): boolean {
  return (
    check.errors.length === 0 && check.unacknowledged.length === 0 && check.blankLines.length === 0
  );
}
