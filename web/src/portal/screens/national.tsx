// The national page (#/): progress and turnout, the turnout by hour, the house as a hemicycle, the party lists with
// the threshold, the seat allocation, the districts' winners and the regions' map. Reads
// national.json and turnout.json (and election.json, loaded by the shell). The party-list row and
// the seat allocation can be compared with an earlier publication (#/compare/K:
// national_compare.tsx, a chunk of its own, fetched only when a reader opens it).
import { formatNumber, t } from "../i18n";
import { Scroll, UnitSummary, Wait } from "../figures";
import { href } from "../route";
import { kFiles, loadCurrent, loadFile, type Election, type National as NationalFile } from "../snapshot";
import { useLoad } from "../use_load";
import type { NationalComparisonProps } from "./national_compare";
import { Hemicycle } from "./hemicycle";
import { Allocation, PartyLists } from "./party_lists";
import { RegionMap } from "./region_map";
import { TurnoutByHour } from "./turnout_by_hour";

function NationalComparisonLazy(props: NationalComparisonProps) {
  const chunk = useLoad(() => import("./national_compare"), "national_compare");
  return <Wait loaded={chunk}>{({ NationalComparison }) => <NationalComparison {...props} />}</Wait>;
}

export function National({ election, compare }: { election: Election; compare: number | null | undefined }) {
  const loaded = useLoad(() => Promise.all([loadFile<NationalFile>(kFiles.national), loadCurrent()]), "national");
  return (
    <>
      <h1 tabIndex={-1}>{election.title}</h1>
      <p class="subtitle">{election.date}</p>
      <Wait loaded={loaded}>
        {([national, current]) => (
          <>
            {national.preliminary_reasons.length > 0 && (
              <ul class="reasons" lang="en">
                {national.preliminary_reasons.map((reason) => <li key={reason}>{reason}</li>)}
              </ul>
            )}
            <UnitSummary row={national.row} />
            {compare === undefined ? (
              current.version > 1 && (
                <p class="compare-open">
                  <a href={href({ screen: "national", compare: null })}>{t("app.compare_open")}</a>
                </p>
              )
            ) : (
              <NationalComparisonLazy current={current} national={national} chosen={compare} />
            )}
            <TurnoutByHour election={election} />
            <Hemicycle composition={national.composition} parties={election.parties} />
            {national.list_allocation !== null ? (
              <>
                <PartyLists allocation={national.list_allocation} parties={election.parties} />
                <Allocation allocation={national.list_allocation} parties={election.parties} />
              </>
            ) : (
              <p>{t("list.unavailable", { reason: national.list_unavailable })}</p>
            )}
            <section aria-labelledby="districts-heading">
              <h2 id="districts-heading">{t("districts.heading")}</h2>
              <Scroll label={t("districts.caption")}>
                <table class="figures" data-table="districts">
                  <caption>{t("districts.caption")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("districts.district")}</th>
                      <th scope="col">{t("districts.winner")}</th>
                      <th scope="col">{t("districts.affiliation")}</th>
                      <th scope="col">{t("districts.runner_up")}</th>
                      <th scope="col" class="n">{t("districts.margin")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {national.districts.map((district) => {
                      const winner = district.candidates.find((candidate) => candidate.name === district.winner);
                      return (
                        <tr key={district.number}>
                          <th scope="row">
                            <a href={href({ screen: "district", number: district.number })}>
                              {t("districts.number", { number: String(district.number) })}
                            </a>
                          </th>
                          <td>{district.winner !== "" ? district.winner : t("districts.not_counted")}</td>
                          <td>{winner?.affiliation ?? "—"}</td>
                          <td>{district.runner_up !== "" ? district.runner_up : "—"}</td>
                          <td class="n">{district.winner !== "" ? formatNumber(district.margin) : "—"}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </Scroll>
            </section>
            <RegionMap regions={election.regions} rows={national.regions} parties={election.parties} />
          </>
        )}
      </Wait>
    </>
  );
}
