// A region (#/region/<id>): its progress, its turnout by hour, result and ballot account, its
// territorial commissions and its districts. Reads the region's file as election.json names it,
// and turnout.json.
import { Crumbs } from "../crumbs";
import { BallotAccountTable, ChoicesTable, Scroll, UnitSummary, Wait, shareText } from "../figures";
import { formatPercent, t } from "../i18n";
import { href } from "../route";
import { loadFile, type Election, type Region as RegionFile } from "../snapshot";
import { useLoad } from "../use_load";
import { NotFound } from "./not_found";
import { TurnoutByHour } from "./turnout_by_hour";

export function Region({ election, id }: { election: Election; id: string }) {
  const entry = election.regions.find((region) => region.id === id);
  const loaded = useLoad(
    () => (entry === undefined ? Promise.reject(new Error(id)) : loadFile<RegionFile>(entry.file)),
    `region/${id}`,
  );
  if (entry === undefined) return <NotFound />;
  return (
    <>
      <Crumbs trail={[{ label: entry.name }]} />
      <h1 tabIndex={-1}>{entry.name}</h1>
      <Wait loaded={loaded}>
        {(region) => (
          <>
            <UnitSummary row={region.row} />
            <TurnoutByHour election={election} region={id} />
            <section aria-labelledby="territorial-heading">
              <h2 id="territorial-heading">{t("unit.territorial")}</h2>
              <Scroll label={t("unit.result")}>
                <table class="figures" data-table="territorial">
                  <caption>{t("unit.territorial_caption", { region: entry.name })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("unit.commission")}</th>
                      <th scope="col" class="n">{t("districts.protocols")}</th>
                      <th scope="col" class="n">{t("turnout.heading")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {region.territorial.map((row) => (
                      <tr key={row.unit_id}>
                        <th scope="row"><a href={href({ screen: "territorial", id: row.unit_id })}>{row.unit_name}</a></th>
                        <td class="n">{t("progress.text", { done: row.protocols, total: row.expected })} ({shareText(row.protocols, row.expected)})</td>
                        <td class="n">{formatPercent(row.turnout_percent)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Scroll>
            </section>
            <section aria-labelledby="result-heading">
              <h2 id="result-heading">{t("unit.result")}</h2>
              <ChoicesTable row={region.row} parties={election.parties} caption={t("unit.choices_caption")} />
              <BallotAccountTable account={region.row.ballot_account} caption={t("unit.ballot_account")} />
            </section>
            {region.districts.length > 0 && (
              <section aria-labelledby="region-districts-heading">
                <h2 id="region-districts-heading">{t("unit.districts")}</h2>
                <ul class="links">
                  {region.districts.map((number) => (
                    <li key={number}>
                      <a href={href({ screen: "district", number })}>{t("district.heading", { number: String(number) })}</a>
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </>
        )}
      </Wait>
    </>
  );
}
