// The national page compared with an earlier publication (#/compare/K): the national party-list
// row and the seat allocation of version K beside the current version's, each changed line marked
// by a sign and its difference (not by colour alone), and a sentence saying how many figures and
// which seats changed. Its own chunk, like the precinct's comparison (compare_versions.tsx).
import { compareNational, type ComparedLine, type LineValue } from "../compare_national";
import { Wait } from "../figures";
import { formatDecimal, formatNumber, formatPercent, t } from "../i18n";
import { tc } from "../i18n/compare";
import { href } from "../route";
import { kFiles, loadVersionFile, type Current, type National } from "../snapshot";
import { useLoad } from "../use_load";
import { CompareTable, ComparisonFrame, isMissing, MissingVersion } from "./compare_versions";

export interface NationalComparisonProps {
  current: Current;
  national: National; // the current version's national.json, already loaded by the page
  chosen: number | null;
}

function lineLabel(line: ComparedLine["line"]): string {
  switch (line.kind) {
    case "protocols":
      return t("progress.heading");
    case "account":
      return t(`line.${line.key}`);
    case "choice":
      return t("line.choice", { name: line.name });
    case "against_all":
      return t("line.against_all");
    case "turnout":
      return t("turnout.heading");
    case "party": {
      const measure = { votes: "list.votes", percent: "list.percent", admitted: "list.admission", seats: "allocation.seats" } as const;
      return `${line.party}: ${t(measure[line.measure])}`;
    }
  }
}

function valueText(line: ComparedLine["line"], value: LineValue): string {
  if (value === null) return "—";
  if (typeof value === "boolean") return value ? `✓ ${t("list.passes")}` : `✕ ${t("list.below")}`;
  if (typeof value === "number") return formatNumber(value);
  return line.kind === "turnout" || line.kind === "party" ? formatPercent(value) : value;
}

// The difference of a changed number ("+12", "−3"), or of a changed share in points; empty when
// the line did not change, "≠" alone when it is not a number on both sides.
function changeText(entry: ComparedLine): string {
  if (!entry.changed) return "";
  const [was, is] = [entry.earlier, entry.current];
  if (typeof was === "number" && typeof is === "number") return is > was ? `+${formatNumber(is - was)}` : `\u2212${formatNumber(was - is)}`;
  if (typeof was === "string" && typeof is === "string") {
    const digits = Math.max(was.split(".")[1]?.length ?? 0, is.split(".")[1]?.length ?? 0);
    const delta = (Number(is) - Number(was)).toFixed(digits);
    return delta.startsWith("-") ? `\u2212${formatDecimal(delta.slice(1))}` : `+${formatDecimal(delta)}`;
  }
  return "≠";
}

function LinesTable({ lines, caption, name, versions }: {
  lines: ComparedLine[];
  caption: string;
  name: string;
  versions: { version: string; current: string };
}) {
  const rows = lines.map((entry) => ({
    key: entry.key,
    label: lineLabel(entry.line),
    earlier: valueText(entry.line, entry.earlier),
    current: valueText(entry.line, entry.current),
    change: changeText(entry),
    changed: entry.changed,
  }));
  return <CompareTable rows={rows} caption={caption} name={name} versions={versions} />;
}

function ChosenNational({ version, props }: { version: number; props: NationalComparisonProps }) {
  const loaded = useLoad(
    () => loadVersionFile<National>(version, kFiles.national).catch((error: unknown) => (isMissing(error) ? "missing" as const : Promise.reject(error))),
    `compare-national/${version}`,
  );
  const versions = { version: String(version), current: String(props.current.version) };
  return (
    <Wait loaded={loaded}>
      {(earlier) => {
        if (earlier === "missing") return <MissingVersion version={version} />;
        const comparison = compareNational(earlier, props.national);
        const seats =
          comparison.seatChanges.length === 0
            ? tc("compare.seats_same")
            : comparison.seatChanges
                .map((entry) =>
                  tc("compare.seat_change", {
                    party: entry.line.kind === "party" ? entry.line.party : "",
                    before: entry.earlier === null ? "—" : String(entry.earlier),
                    after: entry.current === null ? "—" : String(entry.current),
                  }),
                )
                .join("; ");
        return (
          <>
            <p class="compare-summary" data-outcome={comparison.changedCount === 0 ? "same" : "changed"}>
              {comparison.changedCount === 0
                ? tc("compare.national_same", versions)
                : tc("compare.national_changed", { ...versions, count: comparison.changedCount, total: comparison.total, seats })}
            </p>
            <LinesTable lines={comparison.row} caption={tc("compare.national_row_caption", versions)} name="compare-national" versions={versions} />
            <LinesTable lines={comparison.allocation} caption={tc("compare.allocation_caption", versions)} name="compare-allocation" versions={versions} />
          </>
        );
      }}
    </Wait>
  );
}

export function NationalComparison(props: NationalComparisonProps) {
  return (
    <ComparisonFrame
      current={props.current}
      chosen={props.chosen}
      link={(version) => href({ screen: "national", compare: version })}
      closeLink={href({ screen: "national" })}
    >
      {(version) => <ChosenNational key={version} version={version} props={props} />}
    </ComparisonFrame>
  );
}
