import { describe, expect, it } from "vitest";

import type { Ratio, Values } from "./api";
import { canFinish, checkFinish, evaluateRatio, evaluateRatios } from "./ratios";
import { kzConsistentValues, kzListForm, kzRatios } from "../tests/fixtures/kz_form";

const choices = kzListForm.lines.map((line) => line.key).filter((key) => key.startsWith("choice."));
const lineKeys = kzListForm.lines.map((line) => line.key);

function byId(id: string): Ratio {
  const found = kzRatios.find((ratio) => ratio.id === id);
  if (found === undefined) throw new Error(id);
  return found;
}

function statuses(values: Values): Record<string, string> {
  return Object.fromEntries(
    evaluateRatios(kzRatios, values, choices).map((result) => [result.ratio.id, result.status]),
  );
}

describe("evaluateRatio", () => {
  it("holds every ratio of a consistent protocol", () => {
    expect(statuses(kzConsistentValues)).toEqual({
      "KZ-01": "ok", "KZ-02": "ok", "KZ-03": "ok", "KZ-04": "ok", "KZ-05": "ok",
      "KZ-06": "ok", "KZ-07": "ok", "KZ-08": "ok", "KZ-09": "ok", "KZ-10": "skipped",
    });
  });

  it("fails an equality off by one and reports both sides", () => {
    const result = evaluateRatio(byId("KZ-01"), { ...kzConsistentValues, ballots_spoiled: 3 }, choices);
    expect(result.status).toBe("failed");
    expect(result.left).toBe(1000);
    expect(result.right).toBe(1001);
  });

  it("sums every choice for sum_of_choices", () => {
    const result = evaluateRatio(byId("KZ-04"), { ...kzConsistentValues, "choice.7": 41 }, choices);
    expect(result).toMatchObject({ status: "failed", left: 611, right: 610 });
  });

  it("treats at_most as ≤: equal holds, one more fails", () => {
    const ratio = byId("KZ-06");
    const equal = { ...kzConsistentValues, ballots_in_mobile_boxes: 20, ballots_issued_mobile: 20 };
    expect(evaluateRatio(ratio, equal, choices).status).toBe("ok");
    const over = { ...equal, ballots_in_mobile_boxes: 21 };
    expect(evaluateRatio(ratio, over, choices).status).toBe("failed");
  });

  it("honours the tolerance in both directions", () => {
    const ratio: Ratio = { ...byId("KZ-01"), tolerance: 1 };
    expect(evaluateRatio(ratio, { ...kzConsistentValues, ballots_spoiled: 3 }, choices).status).toBe("ok");
    expect(evaluateRatio(ratio, { ...kzConsistentValues, ballots_spoiled: 1 }, choices).status).toBe("ok");
    expect(evaluateRatio(ratio, { ...kzConsistentValues, ballots_spoiled: 4 }, choices).status).toBe("failed");
  });

  it("is pending, not failed, while a figure is blank (blank is not zero)", () => {
    expect(evaluateRatio(byId("KZ-01"), { ...kzConsistentValues, ballots_spoiled: null }, choices).status)
      .toBe("pending");
    expect(evaluateRatio(byId("KZ-04"), { ...kzConsistentValues, "choice.3": null }, choices).status)
      .toBe("pending");
    expect(evaluateRatio(byId("KZ-05"), {}, choices).status).toBe("pending");
  });

  it("counts a typed zero as zero", () => {
    const values = { ...kzConsistentValues, ballots_issued_mobile: 0, ballots_in_mobile_boxes: 0 };
    expect(evaluateRatio(byId("KZ-06"), values, choices).status).toBe("ok");
    expect(evaluateRatio(byId("KZ-01"), values, choices).status).toBe("failed");
  });

  it("skips the turnout warning when no turnout was reported, and fails it when too high", () => {
    const ratio = byId("KZ-09");
    expect(evaluateRatio(ratio, { ...kzConsistentValues, turnout_reported_during_day: null }, choices).status)
      .toBe("skipped");
    expect(evaluateRatio(ratio, { ...kzConsistentValues, turnout_reported_during_day: 621 }, choices).status)
      .toBe("failed");
    expect(evaluateRatio(ratio, { ...kzConsistentValues, turnout_reported_during_day: 620 }, choices).status)
      .toBe("ok");
  });

  it("skips a ratio across the two protocols of a precinct", () => {
    expect(evaluateRatio(byId("KZ-10"), kzConsistentValues, choices).status).toBe("skipped");
  });
});

describe("checkFinish", () => {
  it("allows a complete, consistent protocol with the daytime turnout left blank", () => {
    const values = { ...kzConsistentValues, turnout_reported_during_day: null };
    const results = evaluateRatios(kzRatios, values, choices);
    expect(canFinish(checkFinish(results, new Set(), lineKeys, values))).toBe(true);
  });

  it("blocks on an error", () => {
    const values = { ...kzConsistentValues, valid_ballots: 611 };
    const check = checkFinish(evaluateRatios(kzRatios, values, choices), new Set(), lineKeys, values);
    expect(check.errors.map((result) => result.ratio.id)).toEqual(["KZ-03", "KZ-04"]);
    expect(canFinish(check)).toBe(false);
  });

  it("blocks on a warning until it is acknowledged", () => {
    const values = { ...kzConsistentValues, turnout_reported_during_day: 700 };
    const results = evaluateRatios(kzRatios, values, choices);
    const before = checkFinish(results, new Set(), lineKeys, values);
    expect(before.unacknowledged.map((result) => result.ratio.id)).toEqual(["KZ-09"]);
    expect(canFinish(before)).toBe(false);
    expect(canFinish(checkFinish(results, new Set(["KZ-09"]), lineKeys, values))).toBe(true);
  });

  it("blocks on a blank required line, naming it", () => {
    const values = { ...kzConsistentValues, ballots_spoiled: null };
    const check = checkFinish(evaluateRatios(kzRatios, values, choices), new Set(), lineKeys, values);
    expect(check.blankLines).toEqual(["ballots_spoiled"]);
    expect(canFinish(check)).toBe(false);
  });
});
