// What the summary and history screens show, worked out apart from them so it can be tested:
// the rows of a summary protocol against the sum of its precinct protocols, the changed lines
// between two versions of a protocol, and whether a decision is complete enough to send.
import {
  kDecisionFields,
  type Decision,
  type DecisionField,
  type FormLine,
  type Summary,
  type Values,
  type VersionHistory,
} from "./api";
import { formatNumber, type Language, language } from "./i18n";

// --- A summary protocol against its precincts ------------------------------------------------

// How a line compares: the same figure, a different one, or not compared (nothing to compare
// yet, or a figure missing on one side).
export type LineComparison = "equal" | "differs" | "not_compared";

export interface SummaryRow {
  key: string;
  number: number | null; // the paper's line number, from the form; null when unnumbered
  label: string; // the form's (English) label, translated by key when shown
  summary: number | null;
  children: number | null;
  difference: number | null; // summary − children, when both are there
  comparison: LineComparison;
}

function formIndex(form: readonly FormLine[] | null): Map<string, FormLine> {
  return new Map((form ?? []).map((line) => [line.key, line]));
}

// The summary's lines in the server's (the paper's) order, numbered and labelled by the form.
// Whether a line differs is the server's word (`differences`); a line is "not compared" when the
// server compares nothing or a side has no figure.
export function summaryRows(summary: Summary, form: readonly FormLine[] | null): SummaryRow[] {
  const lines = formIndex(form);
  const differing = new Set(summary.differences);
  return summary.lines.map((line) => {
    const formLine = lines.get(line.key);
    const both = line.summary !== null && line.children !== null;
    let comparison: LineComparison = "not_compared";
    if (summary.compared !== "none" && (both || differing.has(line.key))) {
      comparison = differing.has(line.key) ? "differs" : "equal";
    }
    return {
      key: line.key,
      number: formLine?.number ?? null,
      label: formLine?.label ?? line.key,
      summary: line.summary,
      children: line.children,
      difference: both && summary.compared !== "none" ? (line.summary ?? 0) - (line.children ?? 0) : null,
      comparison,
    };
  });
}

// A difference with its sign: "+4", "−4" (a true minus sign, U+2212), "0".
export function signedNumber(value: number, lang: Language = language.value): string {
  if (value > 0) return `+${formatNumber(value, lang)}`;
  if (value < 0) return `\u2212${formatNumber(-value, lang)}`;
  return formatNumber(0, lang);
}

// Whether the chair must give a decision to approve this summary: its definitive figures differ
// from the sum of its accepted precinct protocols. (The server decides; this opens the form
// before it has to refuse.)
// Who may read a summary's reconciliation (docs/roles.md, view_summary_reconciliation): the
// chair, the coordinator and observers; typists and administrators are not shown the link.
export function mayViewSummaries(role: string | undefined): boolean {
  return role === "chair" || role === "coordinator" || role === "observer";
}

export function needsDecision(summary: Summary): boolean {
  return summary.status === "definitive" && summary.compared === "definitive" && !summary.matches;
}

// --- Versions of a protocol ------------------------------------------------------------------

export interface LineChange {
  key: string;
  number: number | null;
  label: string;
  before: number | null; // null: blank, or no earlier version
  after: number | null;
}

// The lines `keys` (the server's list of changed keys) with their figure before and after, in the
// form's order (keys the form does not list come last, as given).
export function lineChanges(
  keys: readonly string[],
  before: Values | null,
  after: Values,
  form: readonly FormLine[] | null,
): LineChange[] {
  const lines = formIndex(form);
  const order = new Map((form ?? []).map((line, index) => [line.key, index]));
  const sorted = [...new Set(keys)].sort(
    (a, b) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER),
  );
  return sorted.map((key) => ({
    key,
    number: lines.get(key)?.number ?? null,
    label: lines.get(key)?.label ?? key,
    before: before?.[key] ?? null,
    after: after[key] ?? null,
  }));
}

export interface VersionStep {
  number: number;
  previous: number | null; // the number of the version before, null for the first
  changes: LineChange[];
}

// Each approved version with the lines it changed from the one before it, oldest first.
export function versionSteps(history: VersionHistory, form: readonly FormLine[] | null): VersionStep[] {
  return history.versions.map((version, index) => {
    const previous = index > 0 ? history.versions[index - 1] : undefined;
    return {
      number: version.number,
      previous: previous?.number ?? null,
      changes: previous === undefined ? [] : lineChanges(version.changed, previous.values, version.values, form),
    };
  });
}

// The figures awaiting approval against the version in force, or null when nothing awaits or
// nothing is in force to compare with.
export function pendingChanges(history: VersionHistory, form: readonly FormLine[] | null): LineChange[] | null {
  const inForce = history.versions.at(-1);
  if (history.pending === null || inForce === undefined) return null;
  return lineChanges(history.pending_changed, inForce.values, history.pending, form);
}

// --- Decisions -------------------------------------------------------------------------------

export type DecisionProblem = "blank" | "bad_date";

// A date as the decision writes it: YYYY-MM-DD, a real day.
function isDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// What stops a decision from being sent, field by field (every field must be non-blank, the date
// a real one); empty when it is complete.
export function decisionProblems(decision: Decision): Partial<Record<DecisionField, DecisionProblem>> {
  const problems: Partial<Record<DecisionField, DecisionProblem>> = {};
  for (const field of kDecisionFields) {
    if (decision[field].trim() === "") problems[field] = "blank";
  }
  if (problems.date === undefined && !isDate(decision.date.trim())) problems.date = "bad_date";
  return problems;
}

// The decision as it is sent: each field without surrounding spaces.
export function trimmedDecision(decision: Decision): Decision {
  return {
    number: decision.number.trim(),
    date: decision.date.trim(),
    commission: decision.commission.trim(),
    reason: decision.reason.trim(),
  };
}
