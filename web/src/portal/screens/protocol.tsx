// One protocol as published: every figure of the version in force, its scans by hash, and its
// history — each version with the decision behind it, what it changed and the control-ratio
// warnings it was accepted with.
import { changes, figuresOf, type FigureKey } from "../changes";
import { Num, Scroll } from "../figures";
import { formatNumber, t } from "../i18n";
import type { Protocol } from "../snapshot";

export function contestHeading(protocol: Protocol, isSummary: boolean): string {
  if (isSummary) return t("protocol.heading_summary", { contest: protocol.contest });
  const district = /^district (\d+)$/.exec(protocol.contest);
  if (district !== null) return t("protocol.heading_district", { number: district[1] ?? "" });
  return t("protocol.heading_list");
}

// A protocol line's name: the paper form's wording, a choice by its name in ballot order.
export function figureLabel(figure: FigureKey, choiceNames: readonly string[]): string {
  switch (figure.kind) {
    case "account":
      return t(`line.${figure.key}`);
    case "choice":
      return t("line.choice", { name: choiceNames[figure.index] ?? `#${figure.index + 1}` });
    case "against_all":
      return t("line.against_all");
    case "turnout_reported_during_day":
      return t("line.turnout_reported_during_day");
  }
}

// The line's key as the tests and the snapshot's files name it (`valid_ballots`, `choice_2`).
export function figureDataKey(figure: FigureKey): string {
  return figure.kind === "account" ? figure.key : figure.kind === "choice" ? `choice_${figure.index + 1}` : figure.kind;
}

export function ProtocolView({ protocol, choiceNames, isSummary, headingId }: {
  protocol: Protocol;
  choiceNames: string[];
  isSummary: boolean;
  headingId: string;
}) {
  const label = (figure: FigureKey) => figureLabel(figure, choiceNames);
  const dataKey = figureDataKey;
  const last = protocol.versions[protocol.versions.length - 1];
  if (last === undefined) return null;
  const newestFirst = [...protocol.versions].reverse();
  return (
    <section aria-labelledby={headingId} class="protocol" data-contest={protocol.contest}>
      <h2 id={headingId}>{contestHeading(protocol, isSummary)}</h2>
      <p>
        <strong>{t("protocol.in_force", { version: String(last.version) })}</strong>
      </p>
      {protocol.open_correction && <p class="warning" role="note">⚠ {t("protocol.open_correction")}</p>}
      <table class="figures" data-table="protocol">
        <caption>{t("protocol.figures_caption", { version: String(last.version) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("unit.line")}</th>
            <th scope="col" class="n">{t("unit.figure")}</th>
          </tr>
        </thead>
        <tbody>
          {figuresOf(last.protocol).map(({ figure, value }) => (
            <tr key={dataKey(figure)} data-key={dataKey(figure)}>
              <th scope="row">{label(figure)}</th>
              <td class="n"><Num value={value} /></td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>{t("protocol.scans")}</h3>
      {protocol.scans.length === 0 ? (
        <p>{t("protocol.scans_none")}</p>
      ) : (
        <Scroll label={t("protocol.scans_caption")}>
          <table class="figures" data-table="scans">
            <caption>{t("protocol.scans_caption")}</caption>
            <thead>
              <tr>
                <th scope="col">SHA-256</th>
                <th scope="col">{t("protocol.media_type")}</th>
                <th scope="col" class="n">{t("protocol.bytes")}</th>
              </tr>
            </thead>
            <tbody>
              {protocol.scans.map((scan) => (
                <tr key={scan.sha256}>
                  <td><code class="hash">{scan.sha256}</code></td>
                  <td>{scan.media_type}</td>
                  <td class="n">{formatNumber(scan.bytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}

      <h3>{t("protocol.versions")}</h3>
      <ol class="versions" reversed>
        {newestFirst.map((version) => {
          const previous = protocol.versions.find((other) => other.version === version.version - 1);
          const decision = version.protocol.decision;
          const changed = previous === undefined ? [] : changes(previous.protocol, version.protocol);
          return (
            <li key={version.version} data-version={version.version}>
              <h4>{t("protocol.version", { version: String(version.version) })}</h4>
              <p class="decision">
                {decision !== undefined
                  ? t("protocol.decision", { ...decision })
                  : previous === undefined
                    ? t("protocol.first")
                    : t("protocol.no_decision")}
              </p>
              <p class="note">{t("protocol.source", { source: version.source })}</p>
              {previous !== undefined &&
                (changed.length === 0 ? (
                  <p>{t("protocol.no_changes")}</p>
                ) : (
                  <table class="figures" data-table="changes">
                    <caption>{t("protocol.changes_caption", { version: String(version.version) })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("unit.line")}</th>
                        <th scope="col" class="n">{t("protocol.before")}</th>
                        <th scope="col" class="n">{t("protocol.after")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {changed.map((change) => (
                        <tr key={dataKey(change.figure)} data-key={dataKey(change.figure)}>
                          <th scope="row">{label(change.figure)}</th>
                          <td class="n"><Num value={change.before} /></td>
                          <td class="n"><Num value={change.after} /></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ))}
              <h5>{t("protocol.findings")}</h5>
              {version.findings.length === 0 ? (
                <p>{t("protocol.findings_none")}</p>
              ) : (
                <ul class="findings">
                  {version.findings.map((finding, index) => (
                    <li key={index}>
                      ! {t("protocol.finding", {
                        rule: finding.rule_id,
                        left: finding.left,
                        right: finding.right,
                        severity: finding.severity,
                        message: finding.message,
                      })}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
