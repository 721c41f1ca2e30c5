// A protocol as an earlier publication (version K of the snapshot) had it, against the current
// publication's: every figure of both side by side, and which of them changed. Versions are
// immutable, so "preliminary at 23:00" against "final" is read from the two versions' own files.
import { figuresOf, type FigureKey } from "./changes";
import type { Protocol, ProtocolVersion, Status } from "./snapshot";

export interface ComparedFigure {
  figure: FigureKey;
  earlier: number | null;
  current: number | null;
  changed: boolean;
}

export type ProtocolComparison =
  // The earlier version's files do not have this protocol: it was not yet published then.
  | { kind: "absent" }
  | {
      kind: "compared";
      // The protocol's own versions (its corrections) in force at each publication.
      earlierVersion: ProtocolVersion;
      currentVersion: ProtocolVersion;
      figures: ComparedFigure[];
      changed: ComparedFigure[];
    };

const lastOf = (protocol: Protocol | undefined): ProtocolVersion | undefined => protocol?.versions[protocol.versions.length - 1];

// `current` against `earlier` (the same commission's protocol of the same contest in the earlier
// publication, undefined when that publication did not have it). Null when the current protocol
// has no version at all (nothing to show, as its own page shows nothing).
export function compareProtocol(earlier: Protocol | undefined, current: Protocol): ProtocolComparison | null {
  const now = lastOf(current);
  if (now === undefined) return null;
  const then = lastOf(earlier);
  if (then === undefined) return { kind: "absent" };
  // Both versions on the same lines: as many choice lines as the longer of the two has.
  const choices = Math.max(then.protocol.choice_votes.length, now.protocol.choice_votes.length);
  const before = figuresOf(then.protocol, choices);
  const figures = figuresOf(now.protocol, choices).map((entry, index) => {
    const earlierValue = before[index]?.value ?? null;
    return { figure: entry.figure, earlier: earlierValue, current: entry.value, changed: earlierValue !== entry.value };
  });
  return { kind: "compared", earlierVersion: then, currentVersion: now, figures, changed: figures.filter((entry) => entry.changed) };
}

// The protocol of `commission` for `contest` in a protocols file, if it has one.
export function findProtocol(protocols: readonly Protocol[], commission: string, contest: string): Protocol | undefined {
  return protocols.find((protocol) => protocol.commission_id === commission && protocol.contest === contest);
}

// The signed difference of a changed figure ("+1", "−1" with a real minus sign), or null when
// one side has no figure (the line was not filled in one of them).
export function difference(entry: ComparedFigure): string | null {
  if (entry.earlier === null || entry.current === null) return null;
  const delta = entry.current - entry.earlier;
  return delta > 0 ? `+${delta}` : delta < 0 ? `\u2212${-delta}` : "0";
}

// The earlier publications a reader may compare with: 1 … N-1.
export function earlierVersions(current: number): number[] {
  return Array.from({ length: Math.max(0, current - 1) }, (_, index) => index + 1);
}

// What the selector says of an earlier version: its manifest's time and status, or that the
// server no longer has it (a pruned version answers 404).
export type VersionLabel =
  | { version: number; state: "available"; publishedAt: string; status: Status }
  | { version: number; state: "missing" };

// "2026-12-07T21:00:00Z" as the footer writes it: "2026-12-07 21:00:00" (UTC, said beside it).
export function publicationTime(publishedAt: string): string {
  return publishedAt.replace("T", " ").replace("Z", "");
}
