import { describe, expect, it } from "vitest";

import { ApiError, type ProtocolVersion, type Summary, type VersionHistory } from "./api";
import {
  mayViewSummaries,
  decisionProblems,
  lineChanges,
  needsDecision,
  pendingChanges,
  signedNumber,
  summaryRows,
  trimmedDecision,
  versionSteps,
} from "./reconciliation";
import { kzListForm } from "../tests/fixtures/kz_form";

function summary(extra: Partial<Summary> = {}): Summary {
  return {
    protocol: "TEC-1:list",
    commission: "TEC-1",
    contest: { kind: "list", district: 0 },
    status: "definitive",
    version: 7,
    compared: "definitive",
    children: 38,
    expected: 40,
    matches: false,
    lines: [
      { key: "voters_on_list", summary: 1234, children: 1230 },
      { key: "voters_added_on_day", summary: 12, children: 12 },
      { key: "choice.1", summary: null, children: 5 },
    ],
    differences: ["voters_on_list"],
    description: "",
    ...extra,
  };
}

describe("summaryRows", () => {
  it("numbers and labels the lines by the form, with the signed difference and the server's verdict", () => {
    const rows = summaryRows(summary(), kzListForm.lines);
    expect(rows.map((row) => [row.key, row.number, row.difference, row.comparison])).toEqual([
      ["voters_on_list", 1, 4, "differs"],
      ["voters_added_on_day", 2, 0, "equal"],
      ["choice.1", 13, null, "not_compared"],
    ]);
    expect(rows[2]?.label).toBe("Amanat");
  });

  it("compares nothing when the server compares nothing, but keeps the children's sums", () => {
    const rows = summaryRows(
      summary({
        compared: "none",
        lines: [{ key: "voters_on_list", summary: null, children: 1230 }],
        differences: [],
      }),
      kzListForm.lines,
    );
    expect(rows).toEqual([
      {
        key: "voters_on_list",
        number: 1,
        label: "voters on the list",
        summary: null,
        children: 1230,
        difference: null,
        comparison: "not_compared",
      },
    ]);
  });

  it("falls back to the key without a form, and trusts the server on a line it says differs", () => {
    const rows = summaryRows(
      summary({ lines: [{ key: "new_line", summary: 3, children: null }], differences: ["new_line"] }),
      null,
    );
    expect(rows[0]).toMatchObject({ number: null, label: "new_line", difference: null, comparison: "differs" });
  });
});

describe("signedNumber", () => {
  it("writes the sign, a true minus, and groups digits the language's way", () => {
    expect(signedNumber(4, "en")).toBe("+4");
    expect(signedNumber(-12345, "en")).toBe("\u221212,345");
    expect(signedNumber(-12345, "kk")).toBe("\u221212\u00a0345");
    expect(signedNumber(0, "ru")).toBe("0");
  });
});

describe("ApiError.needsDecision", () => {
  it("is the server's 422 on the decision, nothing else", () => {
    expect(new ApiError(422, "failed_precondition", "", "decision").needsDecision).toBe(true);
    expect(new ApiError(422, "failed_precondition", "", "decision.reason").needsDecision).toBe(true);
    expect(new ApiError(422, "failed_precondition", "", null).needsDecision).toBe(false);
    expect(new ApiError(422, "failed_precondition", "", "decisions").needsDecision).toBe(false);
    expect(new ApiError(400, "invalid_argument", "", "decision").needsDecision).toBe(false);
  });
});

describe("mayViewSummaries", () => {
  it("follows the roles table: chair, coordinator and observer only", () => {
    expect(["chair", "coordinator", "observer"].every(mayViewSummaries)).toBe(true);
    expect(["typist", "administrator", undefined].some(mayViewSummaries)).toBe(false);
  });
});

describe("needsDecision", () => {
  it("asks for a decision only when definitive figures differ", () => {
    expect(needsDecision(summary())).toBe(true);
    expect(needsDecision(summary({ matches: true, differences: [] }))).toBe(false);
    expect(needsDecision(summary({ status: "approved", compared: "approved" }))).toBe(false);
    expect(needsDecision(summary({ status: "empty", compared: "none" }))).toBe(false);
  });
});

function version(number: number, values: Record<string, number | null>, changed: string[]): ProtocolVersion {
  return {
    number,
    values,
    first_typist: "4",
    second_typist: "5",
    approved_by: "2",
    decision: null,
    reconciliation: null,
    changed,
  };
}

function history(extra: Partial<VersionHistory> = {}): VersionHistory {
  return {
    protocol: "P-1:list",
    status: "approved",
    version: 12,
    correction: null,
    pending: null,
    pending_changed: [],
    versions: [
      version(1, { voters_on_list: 1234, ballots_received: 1000, against_all: 3 }, []),
      version(2, { voters_on_list: 1234, ballots_received: 1010, against_all: null }, ["against_all", "ballots_received"]),
    ],
    ...extra,
  };
}

describe("lineChanges", () => {
  it("lists the changed lines in the form's order, previous and new figure, blank as null", () => {
    expect(
      lineChanges(["against_all", "ballots_received", "unknown"], { ballots_received: 1000, against_all: 3 }, {
        ballots_received: 1010,
        against_all: null,
        unknown: 1,
      }, kzListForm.lines),
    ).toEqual([
      { key: "ballots_received", number: 3, label: "ballots received", before: 1000, after: 1010 },
      { key: "against_all", number: 20, label: "against all", before: 3, after: null },
      { key: "unknown", number: null, label: "unknown", before: null, after: 1 },
    ]);
  });
});

describe("versionSteps", () => {
  it("gives each version its changes from the one before; the first has none", () => {
    const steps = versionSteps(history(), kzListForm.lines);
    expect(steps.map((step) => [step.number, step.previous, step.changes.map((c) => `${c.key}:${c.before}>${c.after}`)])).toEqual([
      [1, null, []],
      [2, 1, ["ballots_received:1000>1010", "against_all:3>null"]],
    ]);
  });
});

describe("pendingChanges", () => {
  it("compares the figures awaiting approval with the version in force", () => {
    const pending = history({
      status: "definitive",
      pending: { voters_on_list: 1240, ballots_received: 1010, against_all: null },
      pending_changed: ["voters_on_list"],
    });
    expect(pendingChanges(pending, kzListForm.lines)).toEqual([
      { key: "voters_on_list", number: 1, label: "voters on the list", before: 1234, after: 1240 },
    ]);
  });

  it("is null when nothing awaits approval or nothing is in force", () => {
    expect(pendingChanges(history(), kzListForm.lines)).toBeNull();
    expect(pendingChanges(history({ status: "definitive", pending: { voters_on_list: 1 }, versions: [] }), null)).toBeNull();
  });
});

describe("decisionProblems", () => {
  const complete = { number: "12/45", date: "2026-12-08", commission: "TEC-1", reason: "recount" };

  it("accepts a complete decision", () => {
    expect(decisionProblems(complete)).toEqual({});
  });

  it("names each blank field, and a date that is not a real day", () => {
    expect(decisionProblems({ number: " ", date: "", commission: "", reason: "\n" })).toEqual({
      number: "blank",
      date: "blank",
      commission: "blank",
      reason: "blank",
    });
    expect(decisionProblems({ ...complete, date: "2026-02-30" })).toEqual({ date: "bad_date" });
    expect(decisionProblems({ ...complete, date: "08.12.2026" })).toEqual({ date: "bad_date" });
  });

  it("sends the fields without surrounding spaces", () => {
    expect(trimmedDecision({ number: " 7/2 ", date: "2026-12-08 ", commission: " TEC-1", reason: " recount\n" })).toEqual({
      number: "7/2",
      date: "2026-12-08",
      commission: "TEC-1",
      reason: "recount",
    });
  });
});
