// The integrity page (#/integrity): the audit's precinct fingerprints, each with a short guide
// worded by the direction of evidence (a flag is a reason to look closer, never proof), what the
// store records as wrong, and "check it yourself": the verify command, the manifest's chain
// head and key, and the downloads. Reads audit.json and manifest.json.
import { Scroll, Wait } from "../figures";
import { formatNumber, formatPercent, t, type PortalKey } from "../i18n";
import { kFiles, loadCurrent, loadFile, type Audit, type AuditSection, type Election, type Manifest } from "../snapshot";
import { useLoad } from "../use_load";

const kGuides = new Set(["additions", "mobile", "turnout_by_commission", "integer_percentages", "digits", "klimek"]);

function outcome(section: AuditSection): string {
  if (!section.available) return `○ ${t("integrity.unavailable")}`;
  return section.flagged ? `! ${t("integrity.flagged")}` : `✓ ${t("integrity.not_flagged")}`;
}

function figures(section: AuditSection): string[] {
  const lines: string[] = [];
  if (typeof section.p_value === "number") lines.push(t("integrity.p_value", { value: formatNumber(section.p_value, undefined, 3) }));
  if (section.high_count !== undefined) lines.push(t("integrity.high", { count: section.high_count }));
  if (section.median !== undefined) lines.push(t("integrity.median", { value: formatPercent(section.median.share * 100) }));
  if (section.commission_count !== undefined) {
    lines.push(
      t("integrity.commissions", {
        tested: section.tested_count ?? 0,
        total: section.commission_count,
        small: section.too_small ?? 0,
      }),
    );
  }
  return lines;
}

export function Integrity() {
  const loaded = useLoad(
    () =>
      Promise.all([
        loadCurrent(),
        loadFile<Audit>(kFiles.audit),
        loadFile<Manifest>(kFiles.manifest),
        loadFile<Election>(kFiles.election),
        // The figures are their own chunk, fetched with the audit: the first load stays small.
        import("./audit_figures"),
      ]),
    "integrity",
  );
  return (
    <>
      <h1 tabIndex={-1}>{t("integrity.heading")}</h1>
      <Wait loaded={loaded}>
        {([current, audit, manifest, election, { AuditFigures, Descriptive }]) => {
          const suite = audit.audit.precinct_suite;
          const store = audit.audit.store;
          const versionPath = current.path.replace(/\/$/, "");
          const downloads = manifest.files.filter((file) => file.path.startsWith("downloads/"));
          return (
            <>
              <section aria-labelledby="audit-heading">
                <h2 id="audit-heading">{t("integrity.audit")}</h2>
                <p>{t("integrity.audit_explain")}</p>
                <p>{t("integrity.precincts", { precincts: suite.precincts })}</p>
                <Scroll label={t("integrity.sections_caption")}>
                  <table class="figures audit" data-table="audit">
                    <caption>{t("integrity.sections_caption")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("integrity.test")}</th>
                        <th scope="col">{t("integrity.outcome")}</th>
                        <th scope="col">{t("integrity.figures")}</th>
                        <th scope="col">{t("integrity.guide")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {suite.sections.map((section) => (
                        <tr key={section.id} data-section={section.id}>
                          <th scope="row" lang="en">{section.title}</th>
                          <td class={section.flagged ? "flagged" : ""}>{outcome(section)}</td>
                          <td>{figures(section).map((line) => <div key={line}>{line}</div>)}</td>
                          <td>{t(kGuides.has(section.id) ? (`guide.${section.id}` as PortalKey) : "guide.other")}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </Scroll>
                <Descriptive descriptive={suite.descriptive} />
                <h3>{t("fig.heading")}</h3>
                <AuditFigures sections={suite.sections} election={election} />
                <h3>{t("integrity.store")}</h3>
                <p>
                  {t("integrity.store_problems", {
                    problems: store.problems,
                    accepted: store.submissions.accepted,
                    rejected: store.submissions.rejected,
                  })}
                </p>
                {store.summary_differences.length > 0 && (
                  <>
                    <h4>{t("integrity.summary_differences")}</h4>
                    <ul lang="en">
                      {store.summary_differences.map((difference) => <li key={difference.commission + difference.contest}>{difference.text}</li>)}
                    </ul>
                  </>
                )}
              </section>
              <section aria-labelledby="check-heading">
                <h2 id="check-heading">{t("integrity.check")}</h2>
                <p>{t("integrity.check_explain")}</p>
                <pre class="command" tabIndex={0}><code>esep verify --snapshot {versionPath} --public-key cec.key.pub</code></pre>
                <dl class="hashes">
                  <dt>{t("integrity.chain_head")}</dt>
                  <dd><code class="hash" data-testid="chain-head">{manifest.chain_head}</code></dd>
                  <dt>{t("integrity.public_key")}</dt>
                  <dd>{manifest.public_key !== null ? <code class="hash">{manifest.public_key}</code> : t("integrity.unsigned")}</dd>
                </dl>
                <h3>{t("integrity.downloads")}</h3>
                <Scroll label={t("unit.result")}>
                  <table class="figures" data-table="downloads">
                    <caption>{t("integrity.downloads_caption", { version: String(current.version) })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("integrity.file")}</th>
                        <th scope="col" class="n">{t("integrity.size")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <tr>
                        <th scope="row">
                          <a href={`${current.path}${kFiles.manifest}`}>{kFiles.manifest}</a>
                          <div class="note">{t("integrity.manifest")}</div>
                        </th>
                        <td class="n">—</td>
                      </tr>
                      {downloads.map((file) => {
                        const name = file.path.slice("downloads/".length);
                        const describe = `integrity.describe.${name}`;
                        return (
                          <tr key={file.path}>
                            <th scope="row">
                              <a href={`${current.path}${file.path}`} download>{file.path}</a>
                              {kDescriptions.has(describe) && <div class="note">{t(describe as PortalKey)}</div>}
                            </th>
                            <td class="n">{formatNumber(file.bytes)}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </Scroll>
              </section>
            </>
          );
        }}
      </Wait>
    </>
  );
}

const kDescriptions = new Set(
  ["precincts.csv", "precincts.json", "protocols.jsonl", "err.json"].map((name) => `integrity.describe.${name}`),
);
