import { describe, expect, it } from "vitest";

import { compareProtocol, difference, earlierVersions, findProtocol, publicationTime } from "./compare";
import type { Protocol, ProtocolFigures } from "./snapshot";

const figures: ProtocolFigures = {
  commission_id: "PEC-1",
  contest: "list",
  district: 0,
  voters_on_list: 100,
  valid_ballots: 50,
  choice_votes: [30, 20],
  against_all: 3,
  turnout_reported_during_day: null,
};

const protocolOf = (...versions: ProtocolFigures[]): Protocol => ({
  commission_id: "PEC-1",
  contest: "list",
  open_correction: false,
  versions: versions.map((protocol, index) => ({ version: index + 1, source: "test", protocol, findings: [] })),
  scans: [],
});

describe("compareProtocol", () => {
  it("says a protocol the earlier publication did not have was not yet published", () => {
    expect(compareProtocol(undefined, protocolOf(figures))).toEqual({ kind: "absent" });
    expect(compareProtocol(protocolOf(), protocolOf(figures))).toEqual({ kind: "absent" });
  });

  it("shows nothing for a protocol without a version", () => {
    expect(compareProtocol(protocolOf(figures), protocolOf())).toBeNull();
  });

  it("puts every figure of both side by side and finds no change between equal ones", () => {
    const result = compareProtocol(protocolOf(figures), protocolOf(figures));
    if (result?.kind !== "compared") throw new Error("not compared");
    expect(result.changed).toEqual([]);
    // 12 ballot-account lines, 2 choices, against all, the daytime turnout.
    expect(result.figures.length).toBe(16);
    expect(result.figures.find((entry) => entry.figure.kind === "choice" && entry.figure.index === 1)).toEqual({
      figure: { kind: "choice", index: 1 },
      earlier: 20,
      current: 20,
      changed: false,
    });
  });

  it("compares the version in force at each publication and marks what the correction changed", () => {
    const corrected = { ...figures, choice_votes: [29, 21] };
    // The earlier publication had only version 1; the current one has the correction as version 2.
    const result = compareProtocol(protocolOf(figures), protocolOf(figures, corrected));
    if (result?.kind !== "compared") throw new Error("not compared");
    expect(result.earlierVersion.version).toBe(1);
    expect(result.currentVersion.version).toBe(2);
    expect(result.changed).toEqual([
      { figure: { kind: "choice", index: 0 }, earlier: 30, current: 29, changed: true },
      { figure: { kind: "choice", index: 1 }, earlier: 20, current: 21, changed: true },
    ]);
    expect(result.changed.map(difference)).toEqual(["\u22121", "+1"]);
  });

  it("lines up a choice only one side has, and a figure filled in later", () => {
    const more = { ...figures, choice_votes: [30, 20, 4], turnout_reported_during_day: 61 };
    const result = compareProtocol(protocolOf(figures), protocolOf(more));
    if (result?.kind !== "compared") throw new Error("not compared");
    expect(result.changed).toEqual([
      { figure: { kind: "choice", index: 2 }, earlier: null, current: 4, changed: true },
      { figure: { kind: "turnout_reported_during_day" }, earlier: null, current: 61, changed: true },
    ]);
    expect(result.changed.map(difference)).toEqual([null, null]);
  });
});

describe("the publications to compare with", () => {
  it("are the versions before the current one", () => {
    expect(earlierVersions(1)).toEqual([]);
    expect(earlierVersions(4)).toEqual([1, 2, 3]);
  });

  it("are labelled with the manifest's time as the footer writes it", () => {
    expect(publicationTime("2026-12-07T23:00:00Z")).toBe("2026-12-07 23:00:00");
  });

  it("finds a protocol by commission and contest", () => {
    const list = protocolOf(figures);
    const district = { ...protocolOf(figures), contest: "district 3" };
    expect(findProtocol([list, district], "PEC-1", "district 3")).toBe(district);
    expect(findProtocol([list, district], "PEC-2", "list")).toBeUndefined();
  });
});
