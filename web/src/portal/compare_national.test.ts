import { describe, expect, it } from "vitest";

import { compareNational } from "./compare_national";
import { kBallotAccountKeys, type National, type PartyAllocation } from "./snapshot";

const party = (name: string, votes: number, seats: number, admitted = true): PartyAllocation => ({
  party: name,
  votes,
  percent: ((votes * 100) / 1000).toFixed(2),
  admitted,
  quotient: { decimal: "0" },
  whole_seats: seats,
  remainder: { decimal: "0" },
  remainder_seats: 0,
  seats,
});

function nationalOf(protocols: number, votes: [number, number], seats: [number, number]): National {
  const account = Object.fromEntries(kBallotAccountKeys.map((key) => [key, 1000])) as National["row"]["ballot_account"];
  return {
    status: "preliminary",
    preliminary_reasons: [],
    row: {
      level: "national",
      unit_id: "KZ",
      unit_name: "Kazakhstan",
      contest: "list",
      protocols,
      expected: 300,
      status: "preliminary",
      ballot_account: account,
      choices: [
        { name: "A", votes: votes[0] },
        { name: "B", votes: votes[1] },
      ],
      against_all: 5,
      turnout_percent: "61.20",
      turnout_reported_during_day: null,
    },
    list_allocation: {
      allocation: [party("A", votes[0], seats[0]), party("B", votes[1], seats[1])],
      quota: { decimal: "1" },
      rules: { seats: 69, threshold_percent: "5", method: "largest remainder" },
      steps: [],
      totals: { threshold_base: 1000, admitted_votes: 1000 },
    },
    list_unavailable: "",
    composition: [],
    districts: [],
    regions: [],
    district_rows: [],
  };
}

describe("compareNational", () => {
  it("finds nothing changed between equal publications, every line counted", () => {
    const result = compareNational(nationalOf(270, [600, 400], [40, 29]), nationalOf(270, [600, 400], [40, 29]));
    expect(result.changedCount).toBe(0);
    // protocols, 12 ballot-account lines, 2 choices, against all, turnout; 4 measures × 2 parties.
    expect(result.row.length).toBe(17);
    expect(result.allocation.length).toBe(8);
    expect(result.total).toBe(25);
    expect(result.seatChanges).toEqual([]);
  });

  it("marks the changed votes, shares and seats, and names the parties whose seats moved", () => {
    const result = compareNational(nationalOf(270, [600, 400], [40, 29]), nationalOf(300, [640, 400], [41, 28]));
    expect(result.row.filter((line) => line.changed).map((line) => [line.key, line.earlier, line.current])).toEqual([
      ["protocols", 270, 300],
      ["choice:A", 600, 640],
    ]);
    expect(result.seatChanges.map((line) => [line.key, line.earlier, line.current])).toEqual([
      ["seats:A", 40, 41],
      ["seats:B", 29, 28],
    ]);
    // A's votes, share and seats; B's seats.
    expect(result.allocation.filter((line) => line.changed).map((line) => line.key)).toEqual([
      "votes:A",
      "percent:A",
      "seats:A",
      "seats:B",
    ]);
    expect(result.changedCount).toBe(6);
  });

  it("lines up an allocation only one side has (not yet computable earlier)", () => {
    const earlier = { ...nationalOf(10, [6, 4], [0, 0]), list_allocation: null };
    const result = compareNational(earlier, nationalOf(300, [600, 400], [40, 29]));
    expect(result.allocation.every((line) => line.earlier === null && line.changed)).toBe(true);
    expect(result.seatChanges.map((line) => line.current)).toEqual([40, 29]);
  });
});
