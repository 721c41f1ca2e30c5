// A territorial commission (#/territorial/<id>): its progress, its turnout by hour, its result
// and its precincts, each linked to its protocols. Reads the commission's file as election.json names it.
import { NotFound } from "./not_found";
import { Crumbs } from "../crumbs";
import { BallotAccountTable, ChoicesTable, PrecinctsTable, UnitSummary, Wait } from "../figures";
import { t } from "../i18n";
import { href } from "../route";
import { loadFile, type Election, type Territorial as TerritorialFile } from "../snapshot";
import { useLoad } from "../use_load";
import { TurnoutByHour } from "./turnout_by_hour";

export function findTerritorial(election: Election, id: string) {
  for (const region of election.regions) {
    const entry = region.territorial.find((territorial) => territorial.id === id);
    if (entry !== undefined) return { region, entry };
  }
  return undefined;
}

export function Territorial({ election, id }: { election: Election; id: string }) {
  const found = findTerritorial(election, id);
  const loaded = useLoad(
    () => (found === undefined ? Promise.reject(new Error(id)) : loadFile<TerritorialFile>(found.entry.file)),
    `territorial/${id}`,
  );
  if (found === undefined) return <NotFound />;
  const { region, entry } = found;
  return (
    <>
      <Crumbs trail={[{ label: region.name, link: href({ screen: "region", id: region.id }) }, { label: entry.name }]} />
      <h1 tabIndex={-1}>{entry.name}</h1>
      <Wait loaded={loaded}>
        {(territorial) => {
          const precincts = territorial.precincts.filter((row) => row.contest === "list");
          return (
            <>
              <UnitSummary row={territorial.row} />
              <TurnoutByHour election={election} territorial={id} />
              <section aria-labelledby="precincts-heading">
                <h2 id="precincts-heading">{t("unit.precincts")}</h2>
                <PrecinctsTable
                  caption={t("unit.precincts_caption", { commission: entry.name })}
                  precincts={precincts.map((row) => ({ territorial: id, row }))}
                />
                <p>
                  <a href={href({ screen: "precinct", territorial: id, id })}>{t("unit.own_protocols")}</a>
                </p>
              </section>
              <section aria-labelledby="result-heading">
                <h2 id="result-heading">{t("unit.result")}</h2>
                <ChoicesTable row={territorial.row} parties={election.parties} caption={t("unit.choices_caption")} />
                <BallotAccountTable account={territorial.row.ballot_account} caption={t("unit.ballot_account")} />
              </section>
            </>
          );
        }}
      </Wait>
    </>
  );
}
