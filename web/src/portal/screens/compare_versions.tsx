// A precinct's protocols compared with an earlier publication (#/precinct/T/P/compare/K): a
// selector of the earlier versions 1 … N-1, each labelled with its manifest's publication time
// and status, and for the chosen one every figure of each protocol as that version had it beside
// the current version's, the changed lines marked by a sign and the difference (not by colour
// alone), and a sentence saying what changed. Its own chunk (precinct.tsx imports it when a
// reader opens the comparison): the older versions' files are fetched only then, and a version
// the server no longer has (404) is said plainly.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

import { compareProtocol, difference, earlierVersions, findProtocol, publicationTime, type ComparedFigure, type VersionLabel } from "../compare";
import { Num, Scroll, Wait } from "../figures";
import { t, type PortalKey } from "../i18n";
import { tc } from "../i18n/compare";
import { href } from "../route";
import { kFiles, loadVersionFile, SnapshotError, type Current, type Election, type Manifest, type Protocol, type Protocols } from "../snapshot";
import { useLoad } from "../use_load";
import { contestHeading, figureDataKey, figureLabel } from "./protocol";

export interface ComparisonProps {
  current: Current;
  territorial: string; // the territorial commission's id (its protocols file holds the precinct's)
  precinct: string; // the commission whose protocols are compared (a precinct, or the territorial one)
  isSummary: boolean;
  protocols: readonly Protocol[]; // the commission's protocols in the current version
  choiceNames: (contest: string) => string[];
  chosen: number | null; // the version in the route, null while none is chosen
}

export const isMissing = (error: unknown) => error instanceof SnapshotError && error.status === 404;

// An earlier version's label, from its manifest (the one file of a version with its time).
async function labelOf(version: number): Promise<VersionLabel> {
  try {
    const manifest = await loadVersionFile<Manifest>(version, kFiles.manifest);
    return { version, state: "available", publishedAt: manifest.published_at, status: manifest.status };
  } catch (error) {
    if (isMissing(error)) return { version, state: "missing" };
    throw error;
  }
}

// The protocols of the territorial commission `territorial` in version `version`, found through
// that version's own election.json (names are never built from ids); none when the commission was
// not in it yet; "missing" when the server no longer has the version's files.
async function earlierProtocols(version: number, territorial: string): Promise<readonly Protocol[] | "missing"> {
  try {
    const election = await loadVersionFile<Election>(version, kFiles.election);
    const entry = election.regions.flatMap((region) => region.territorial).find((candidate) => candidate.id === territorial);
    if (entry === undefined) return [];
    return (await loadVersionFile<Protocols>(version, entry.protocols_file)).protocols;
  } catch (error) {
    if (isMissing(error)) return "missing";
    throw error;
  }
}

function VersionSelect({ labels, chosen, link }: {
  labels: readonly VersionLabel[];
  chosen: number | null;
  link: (version: number | null) => string;
}) {
  const select = useRef<HTMLSelectElement>(null);
  // Opened by the link above it (which is gone now): the keyboard continues at the selector.
  useEffect(() => {
    if (chosen === null) select.current?.focus();
  }, []);
  const optionText = (label: VersionLabel) =>
    label.state === "missing"
      ? tc("compare.option_missing", { version: String(label.version) })
      : tc("compare.option", {
          version: String(label.version),
          time: publicationTime(label.publishedAt),
          status: t(`status.${label.status}` as PortalKey),
        });
  return (
    <p class="compare-choose">
      <label for="compare-version">{tc("compare.choose")}</label>{" "}
      <select
        id="compare-version"
        ref={select}
        value={chosen === null ? "" : String(chosen)}
        onChange={(event) => {
          const value = (event.target as HTMLSelectElement).value;
          window.location.hash = link(value === "" ? null : Number(value));
        }}
      >
        <option value="">{tc("compare.choose_none")}</option>
        {labels.map((label) => (
          // A pruned version stays listed, said so, but cannot be chosen.
          <option key={label.version} value={String(label.version)} disabled={label.state === "missing"}>
            {optionText(label)}
          </option>
        ))}
      </select>
    </p>
  );
}

function changeText(entry: ComparedFigure): string {
  if (!entry.changed) return "";
  return difference(entry) ?? (entry.current === null ? tc("compare.no_longer_given") : tc("compare.given_now"));
}

// One row of a comparison's table: a line, its value in the earlier and in the current version,
// and the change ("" when it did not change).
export interface ComparedRow {
  key: string;
  label: string;
  earlier: ComponentChildren;
  current: ComponentChildren;
  change: string;
  changed: boolean;
}

// The table of a comparison (a protocol's figures, the national row, the seat allocation): each
// changed row marked with "≠" and banded, never by colour alone.
export function CompareTable({ rows, caption, name, versions }: {
  rows: ComparedRow[];
  caption: string;
  name: string;
  versions: { version: string; current: string };
}) {
  return (
    <Scroll label={caption}>
      <table class="figures compare" data-table={name}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("unit.line")}</th>
            <th scope="col" class="n">{tc("compare.column_earlier", versions)}</th>
            <th scope="col" class="n">{tc("compare.column_current", versions)}</th>
            <th scope="col" class="n">{tc("compare.column_change")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-key={row.key} data-changed={row.changed ? "true" : "false"} class={row.changed ? "changed" : undefined}>
              <th scope="row">
                {row.changed && <span class="changed-mark" aria-hidden="true">≠ </span>}
                {row.label}
              </th>
              <td class="n">{row.earlier}</td>
              <td class="n">{row.current}</td>
              <td class="n">{row.change}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

function ProtocolComparisonView({ protocol, earlier, version, current, choiceNames, isSummary, index }: {
  protocol: Protocol;
  earlier: readonly Protocol[];
  version: number;
  current: number;
  choiceNames: string[];
  isSummary: boolean;
  index: number;
}) {
  const comparison = compareProtocol(findProtocol(earlier, protocol.commission_id, protocol.contest), protocol);
  if (comparison === null) return null;
  const heading = contestHeading(protocol, isSummary);
  const headingId = `compare-protocol-${index}`;
  const versions = { version: String(version), current: String(current) };
  const caption = tc("compare.caption", { ...versions, protocol: heading });
  const label = (entry: ComparedFigure) => figureLabel(entry.figure, choiceNames);
  return (
    <section aria-labelledby={headingId} class="compared" data-contest={protocol.contest}>
      <h3 id={headingId}>{heading}</h3>
      {comparison.kind === "absent" ? (
        <p class="compare-summary" data-outcome="absent">{tc("compare.absent", versions)}</p>
      ) : (
        <>
          <p class="compare-summary" data-outcome={comparison.changed.length === 0 ? "same" : "changed"}>
            {comparison.changed.length === 0
              ? tc("compare.no_change", versions)
              : tc("compare.changed", {
                  ...versions,
                  lines: comparison.changed
                    .map((entry) =>
                      tc("compare.change_line", {
                        line: label(entry),
                        before: entry.earlier === null ? "—" : entry.earlier,
                        after: entry.current === null ? "—" : entry.current,
                      }),
                    )
                    .join("; "),
                })}
          </p>
          <p class="note">
            {tc("compare.protocol_versions", {
              then: String(comparison.earlierVersion.version),
              now: String(comparison.currentVersion.version),
            })}
          </p>
          <CompareTable
            rows={comparison.figures.map((entry) => ({
              key: figureDataKey(entry.figure),
              label: label(entry),
              earlier: <Num value={entry.earlier} />,
              current: <Num value={entry.current} />,
              change: changeText(entry),
              changed: entry.changed,
            }))}
            caption={caption}
            name="compare"
            versions={versions}
          />
        </>
      )}
    </section>
  );
}

function ChosenComparison({ version, props }: { version: number; props: ComparisonProps }) {
  const loaded = useLoad(() => earlierProtocols(version, props.territorial), `compare/${version}/${props.territorial}`);
  return (
    <Wait loaded={loaded}>
      {(earlier) =>
        earlier === "missing" ? (
          <MissingVersion version={version} />
        ) : (
          <>
            {props.protocols.map((protocol, index) => (
              <ProtocolComparisonView
                key={protocol.contest}
                protocol={protocol}
                earlier={earlier}
                version={version}
                current={props.current.version}
                choiceNames={props.choiceNames(protocol.contest)}
                isSummary={props.isSummary}
                index={index}
              />
            ))}
          </>
        )
      }
    </Wait>
  );
}

// The frame of every comparison: the heading, the selector of the earlier versions (their labels
// fetched when the frame opens), a link to close it, and the comparison with the chosen version
// (`children`), or why there is none.
export function ComparisonFrame({ current, chosen, link, closeLink, children }: {
  current: Current;
  chosen: number | null;
  link: (version: number | null) => string;
  closeLink: string;
  children: (version: number) => ComponentChildren;
}) {
  const versions = earlierVersions(current.version);
  const labels = useLoad(() => Promise.all(versions.map(labelOf)), `compare-labels/${current.version}`);
  return (
    <section aria-labelledby="compare-heading" class="compare-versions">
      <h2 id="compare-heading">{tc("compare.heading")}</h2>
      <p class="note">{tc("compare.explain")}</p>
      {versions.length === 0 ? (
        <p>{tc("compare.first")}</p>
      ) : (
        <Wait loaded={labels}>{(loadedLabels) => <VersionSelect labels={loadedLabels} chosen={chosen} link={link} />}</Wait>
      )}
      <p>
        <a href={closeLink}>{tc("compare.close")}</a>
      </p>
      {chosen !== null &&
        (chosen >= current.version ? (
          <p class="warning" role="status">{tc("compare.not_earlier", { version: String(chosen), current: String(current.version) })}</p>
        ) : (
          children(chosen)
        ))}
    </section>
  );
}

// The plain sentence for a version the server no longer has.
export function MissingVersion({ version }: { version: number }) {
  return <p class="warning" role="status" data-outcome="missing">{tc("compare.missing", { version: String(version) })}</p>;
}

export function VersionComparison(props: ComparisonProps) {
  const route = { screen: "precinct", territorial: props.territorial, id: props.precinct } as const;
  return (
    <ComparisonFrame
      current={props.current}
      chosen={props.chosen}
      link={(version) => href({ ...route, compare: version })}
      closeLink={href(route)}
    >
      {(version) => <ChosenComparison key={version} version={version} props={props} />}
    </ComparisonFrame>
  );
}
