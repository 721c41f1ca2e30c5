// What a protocol version changed from the one before: each figure that differs, in the paper's
// order (the ballot account, the choices, against all, the daytime turnout).
import { kBallotAccountKeys, type ProtocolFigures } from "./snapshot";

export type FigureKey =
  | { kind: "account"; key: (typeof kBallotAccountKeys)[number] }
  | { kind: "choice"; index: number }
  | { kind: "against_all" }
  | { kind: "turnout_reported_during_day" };

export interface Change {
  figure: FigureKey;
  before: number | null;
  after: number | null;
}

// The figures of `protocol` in the paper's order, with `choices` choice lines (missing ones null).
export function figuresOf(
  protocol: ProtocolFigures,
  choices = protocol.choice_votes.length,
): Array<{ figure: FigureKey; value: number | null }> {
  return [
    ...kBallotAccountKeys.map((key) => ({ figure: { kind: "account", key } as FigureKey, value: protocol[key] ?? null })),
    ...Array.from({ length: choices }, (_, index) => ({
      figure: { kind: "choice", index } as FigureKey,
      value: protocol.choice_votes[index] ?? null,
    })),
    { figure: { kind: "against_all" }, value: protocol.against_all },
    { figure: { kind: "turnout_reported_during_day" }, value: protocol.turnout_reported_during_day ?? null },
  ];
}

export function changes(before: ProtocolFigures, after: ProtocolFigures): Change[] {
  const choices = Math.max(before.choice_votes.length, after.choice_votes.length);
  const old = figuresOf(before, choices);
  return figuresOf(after, choices)
    .map((entry, index) => ({ figure: entry.figure, before: old[index]?.value ?? null, after: entry.value }))
    .filter((change) => change.before !== change.after);
}
