// A single-member district (#/district/<n>): its outcome (candidates, winner, margin, the steps),
// progress and ballot account, and its precincts. Reads the district's file and, for the
// precincts, the territorial files of its region, all as election.json names them.
import { Crumbs } from "../crumbs";
import { BallotAccountTable, PrecinctsTable, Scroll, UnitSummary, Wait } from "../figures";
import { formatNumber, formatPercent, t } from "../i18n";
import { partyIndex, Swatch } from "../parties";
import { href } from "../route";
import { loadFile, type District as DistrictFile, type Election, type Territorial as TerritorialFile } from "../snapshot";
import { useLoad } from "../use_load";
import { NotFound } from "./not_found";

export function District({ election, number }: { election: Election; number: number }) {
  const entry = election.districts.find((district) => district.number === number);
  const region = election.regions.find((candidate) => candidate.id === entry?.region_id);
  const loaded = useLoad(async () => {
    if (entry === undefined) throw new Error(String(number));
    const district = await loadFile<DistrictFile>(entry.file);
    const territorials = await Promise.all(
      (region?.territorial ?? []).map(async (territorial) => ({
        id: territorial.id,
        file: await loadFile<TerritorialFile>(territorial.file),
      })),
    );
    return { district, territorials };
  }, `district/${number}`);
  if (entry === undefined) return <NotFound />;
  const heading = t("district.heading", { number: String(number) });
  return (
    <>
      <Crumbs trail={[...(region !== undefined ? [{ label: region.name, link: href({ screen: "region", id: region.id }) }] : []), { label: heading }]} />
      <h1 tabIndex={-1}>{heading}</h1>
      <Wait loaded={loaded}>
        {({ district, territorials }) => {
          const outcome = district.outcome;
          const valid = district.row.ballot_account.valid_ballots;
          const precincts = territorials.flatMap(({ id, file }) =>
            file.precincts.filter((row) => row.contest === district.row.contest).map((row) => ({ territorial: id, row })),
          );
          return (
            <>
              <UnitSummary row={district.row} />
              <section aria-labelledby="outcome-heading">
                <h2 id="outcome-heading">{t("district.outcome")}</h2>
                <p class="outcome">
                  {outcome.winner !== ""
                    ? t("district.elected", { winner: outcome.winner, margin: outcome.margin, runner_up: outcome.runner_up })
                    : t("district.undecided")}
                </p>
                <Scroll label={t("district.candidates")}>
                  <table class="figures" data-table="candidates">
                    <caption>{t("district.candidates")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("district.candidate")}</th>
                        <th scope="col">{t("districts.affiliation")}</th>
                        <th scope="col" class="n">{t("list.votes")}</th>
                        <th scope="col" class="n">{t("list.percent")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {outcome.candidates.map((candidate) => (
                        <tr key={candidate.name}>
                          <th scope="row">
                            {candidate.name === outcome.winner ? "★ " : ""}
                            {candidate.name}
                          </th>
                          <td><Swatch index={partyIndex(election.parties, candidate.affiliation)} /> {candidate.affiliation}</td>
                          <td class="n">{formatNumber(candidate.votes)}</td>
                          <td class="n">{valid > 0 ? formatPercent((candidate.votes * 100) / valid) : "—"}</td>
                        </tr>
                      ))}
                      <tr>
                        <th scope="row">{t("list.against_all")}</th>
                        <td>—</td>
                        <td class="n">{formatNumber(outcome.against_all)}</td>
                        <td class="n">{valid > 0 ? formatPercent((outcome.against_all * 100) / valid) : "—"}</td>
                      </tr>
                    </tbody>
                  </table>
                </Scroll>
                <h3>{t("district.steps")}</h3>
                <p class="note">{t("allocation.steps_language")}</p>
                <ol class="steps" lang="en">
                  {outcome.steps.map((step, index) => <li key={index}>{step}</li>)}
                </ol>
              </section>
              <BallotAccountTable account={district.row.ballot_account} caption={t("unit.ballot_account")} />
              <section aria-labelledby="district-precincts-heading">
                <h2 id="district-precincts-heading">{t("unit.precincts")}</h2>
                <PrecinctsTable
                  caption={t("unit.district_precincts_caption", { number: String(number) })}
                  precincts={precincts}
                />
              </section>
            </>
          );
        }}
      </Wait>
    </>
  );
}
