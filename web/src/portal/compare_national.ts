// The national party-list result and the seat allocation as an earlier publication had them,
// against the current publication's: each line of both side by side, and which changed. Parties
// and choices are matched by name (a list is never renamed between versions of one election).
import { kBallotAccountKeys, type BallotAccountKey, type National, type PartyAllocation } from "./snapshot";

export type NationalLine =
  | { kind: "protocols" }
  | { kind: "account"; key: BallotAccountKey }
  | { kind: "choice"; name: string }
  | { kind: "against_all" }
  | { kind: "turnout" } // a published decimal, compared as written
  | { kind: "party"; party: string; measure: "votes" | "percent" | "admitted" | "seats" };

export type LineValue = number | string | boolean | null;

export interface ComparedLine {
  line: NationalLine;
  key: string; // the line's key, as the page marks its row (data-key)
  earlier: LineValue;
  current: LineValue;
  changed: boolean;
}

export interface NationalComparison {
  row: ComparedLine[]; // the national party-list row
  allocation: ComparedLine[]; // the seat allocation, per party
  changedCount: number;
  total: number;
  seatChanges: ComparedLine[]; // the parties whose seats changed
}

const rowLines = (national: National): Array<[NationalLine, string, LineValue]> => [
  [{ kind: "protocols" }, "protocols", national.row.protocols],
  ...kBallotAccountKeys.map((key): [NationalLine, string, LineValue] => [{ kind: "account", key }, key, national.row.ballot_account[key]]),
  ...national.row.choices.map((choice): [NationalLine, string, LineValue] => [{ kind: "choice", name: choice.name }, `choice:${choice.name}`, choice.votes]),
  [{ kind: "against_all" }, "against_all", national.row.against_all],
  [{ kind: "turnout" }, "turnout", national.row.turnout_percent],
];

const kMeasures = ["votes", "percent", "admitted", "seats"] as const;

const allocationLines = (national: National): Array<[NationalLine, string, LineValue]> =>
  (national.list_allocation?.allocation ?? []).flatMap((entry: PartyAllocation) =>
    kMeasures.map((measure): [NationalLine, string, LineValue] => [
      { kind: "party", party: entry.party, measure },
      `${measure}:${entry.party}`,
      entry[measure],
    ]),
  );

// The lines of `current` in its order, then any line only `earlier` has; a side without the line
// has null.
function pair(earlier: Array<[NationalLine, string, LineValue]>, current: Array<[NationalLine, string, LineValue]>): ComparedLine[] {
  const before = new Map(earlier.map(([, key, value]) => [key, value]));
  const now = new Set(current.map(([, key]) => key));
  return [...current, ...earlier.filter(([, key]) => !now.has(key))].map(([line, key, value]) => {
    const earlierValue = before.get(key) ?? null;
    const currentValue = now.has(key) ? value : null;
    return { line, key, earlier: earlierValue, current: currentValue, changed: earlierValue !== currentValue };
  });
}

export function compareNational(earlier: National, current: National): NationalComparison {
  const row = pair(rowLines(earlier), rowLines(current));
  const allocation = pair(allocationLines(earlier), allocationLines(current));
  const all = [...row, ...allocation];
  return {
    row,
    allocation,
    changedCount: all.filter((line) => line.changed).length,
    total: all.length,
    seatChanges: allocation.filter((line) => line.changed && line.line.kind === "party" && line.line.measure === "seats"),
  };
}
