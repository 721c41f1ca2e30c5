import { describe, expect, it } from "vitest";

import { changes } from "./changes";
import type { ProtocolFigures } from "./snapshot";

const base: ProtocolFigures = {
  commission_id: "PEC-1",
  contest: "list",
  district: 0,
  voters_on_list: 100,
  valid_ballots: 50,
  choice_votes: [30, 20],
  against_all: 3,
  turnout_reported_during_day: null,
};

describe("changes", () => {
  it("finds nothing between equal versions", () => {
    expect(changes(base, { ...base })).toEqual([]);
  });

  it("lists each changed figure with before and after, in the paper's order", () => {
    const corrected = { ...base, choice_votes: [29, 21], turnout_reported_during_day: 60 };
    expect(changes(base, corrected)).toEqual([
      { figure: { kind: "choice", index: 0 }, before: 30, after: 29 },
      { figure: { kind: "choice", index: 1 }, before: 20, after: 21 },
      { figure: { kind: "turnout_reported_during_day" }, before: null, after: 60 },
    ]);
  });

  it("sees a ballot-account figure change", () => {
    expect(changes(base, { ...base, voters_on_list: 107 })).toEqual([
      { figure: { kind: "account", key: "voters_on_list" }, before: 100, after: 107 },
    ]);
  });
});
