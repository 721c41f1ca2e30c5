import { describe, expect, it } from "vitest";

import { kEntryStatuses, progressGroup } from "../api";
import { parseRoute } from "../route";
import { shareText } from "./dashboard";
import { matchesPrecinct, nextActions } from "./protocol_list";

describe("shareText", () => {
  it("never says 0 % after the first protocol nor 100 % before the last", () => {
    expect(shareText(1, 10_223)).toBe("1 %");
    expect(shareText(10_222, 10_223)).toBe("99 %");
    expect(shareText(10_223, 10_223)).toBe("100 %");
    expect(shareText(0, 10_223)).toBe("0 %");
    expect(shareText(58, 120)).toBe("48 %");
    expect(shareText(0, 0)).toBe("—");
  });
});

describe("matchesPrecinct", () => {
  it("matches the number at the end of the id, or the whole id", () => {
    expect(matchesPrecinct("P-0417", "417")).toBe(true);
    expect(matchesPrecinct("P-0417", "0417")).toBe(true);
    expect(matchesPrecinct("P-0417", "p-0417")).toBe(true);
    expect(matchesPrecinct("P-0417", "41")).toBe(false);
    expect(matchesPrecinct("P-0417", "")).toBe(false);
    expect(matchesPrecinct("T-3", "P-3")).toBe(false);
  });
});

describe("progressGroup", () => {
  it("puts every status in one group", () => {
    const groups = kEntryStatuses.map(progressGroup);
    expect(groups).toEqual([
      "not_started",
      "first_entry",
      "has_errors",
      "second_entry",
      "second_entry",
      "first_entry",
      "different",
      "definitive",
      "approved",
    ]);
  });
});

describe("nextActions", () => {
  it("offers each role only its own next step", () => {
    expect(nextActions("typist", "empty")).toEqual(["entry1"]);
    expect(nextActions("typist", "first_entry_done")).toEqual(["entry2"]);
    expect(nextActions("typist", "entries_different")).toEqual([]);
    expect(nextActions("coordinator", "entries_different")).toEqual(["resolve"]);
    expect(nextActions("coordinator", "definitive")).toEqual([]);
    expect(nextActions("chair", "definitive")).toEqual(["approve"]);
    expect(nextActions("observer", "definitive")).toEqual([]);
    expect(nextActions("administrator", "empty")).toEqual([]);
  });
});

describe("parseRoute", () => {
  it("reads every screen's hash and refuses what is not an id", () => {
    expect(parseRoute("")).toEqual({ screen: "dashboard" });
    expect(parseRoute("#/open")).toEqual({ screen: "open" });
    expect(parseRoute("#/commissions/T-1/protocols")).toEqual({ screen: "protocols", commission: "T-1" });
    expect(parseRoute("#/protocols/P-1:d3/entries/2")).toEqual({ screen: "entry", protocol: "P-1:d3", entry: 2 });
    expect(parseRoute("#/protocols/P-1:list/differences")).toEqual({ screen: "differences", protocol: "P-1:list" });
    expect(parseRoute("#/protocols/P-1:list/history")).toEqual({ screen: "history", protocol: "P-1:list" });
    expect(parseRoute("#/commissions/TEC-1/summary")).toEqual({ screen: "summary", commission: "TEC-1" });
    expect(parseRoute("#/protocols/P-1/history")).toEqual({ screen: "dashboard" });
    expect(parseRoute("#/commissions/T-1%2F../summary")).toEqual({ screen: "dashboard" });
    expect(parseRoute("#/commissions/..%2Fusers/protocols")).toEqual({ screen: "dashboard" });
    expect(parseRoute("#/protocols/P-1:list%3Fx/differences")).toEqual({ screen: "dashboard" });
  });
});
