// A precinct (#/precinct/<territorial id>/<precinct id>): each of its protocols (party lists and
// its district) in full. Reads the territorial commission's file (the precinct's name and the
// names of the choices) and its protocols file, both as election.json names them. The same
// screen shows a territorial commission's own summary protocols (its id as the precinct), and,
// when the route asks, their comparison with an earlier publication (compare_versions.tsx, a
// chunk of its own: most readers never open it, and the first load has no room for it).
import { Crumbs } from "../crumbs";
import { Wait } from "../figures";
import { t } from "../i18n";
import { href } from "../route";
import { loadCurrent, loadFile, type Election, type Protocols, type Territorial as TerritorialFile } from "../snapshot";
import { useLoad } from "../use_load";
import type { ComparisonProps } from "./compare_versions";
import { NotFound } from "./not_found";
import { ProtocolView } from "./protocol";
import { findTerritorial } from "./territorial";

function Comparison(props: ComparisonProps) {
  const chunk = useLoad(() => import("./compare_versions"), "compare_versions");
  return <Wait loaded={chunk}>{({ VersionComparison }) => <VersionComparison {...props} />}</Wait>;
}

export function Precinct({ election, territorial, id, compare }: {
  election: Election;
  territorial: string;
  id: string;
  compare: number | null | undefined; // the route's comparison (route.ts)
}) {
  const found = findTerritorial(election, territorial);
  const loaded = useLoad(
    () =>
      found === undefined
        ? Promise.reject(new Error(territorial))
        : Promise.all([
            loadFile<TerritorialFile>(found.entry.file),
            loadFile<Protocols>(found.entry.protocols_file),
            loadCurrent(),
          ]),
    `precinct/${territorial}/${id}`,
  );
  if (found === undefined) return <NotFound />;
  const { region, entry } = found;
  const isSummary = id === entry.id;
  return (
    <Wait loaded={loaded}>
      {([file, protocols, current]) => {
        const rows = isSummary ? [file.row] : file.precincts.filter((row) => row.unit_id === id);
        const name = isSummary ? t("unit.own_protocols") : (rows[0]?.unit_name ?? id);
        const own = protocols.protocols.filter((protocol) => protocol.commission_id === id);
        if (!isSummary && rows.length === 0 && own.length === 0) return <NotFound />;
        // The names of the choices in a contest, in ballot order, from the unit's rows; the
        // parties for a party-list protocol the rows do not name.
        const namesOf = (contest: string) =>
          rows.find((row) => row.contest === contest)?.choices.map((choice) => choice.name) ??
          (contest === "list" ? election.parties.map((party) => party.name) : []);
        return (
          <>
            <Crumbs
              trail={[
                { label: region.name, link: href({ screen: "region", id: region.id }) },
                { label: entry.name, link: href({ screen: "territorial", id: entry.id }) },
                { label: name },
              ]}
            />
            <h1 tabIndex={-1}>
              {isSummary ? `${entry.name}: ${name}` : name} <span class="unit-id">{id}</span>
            </h1>
            {own.length > 0 &&
              (compare === undefined ? (
                current.version > 1 && (
                  <p class="compare-open">
                    <a href={href({ screen: "precinct", territorial, id, compare: null })}>{t("app.compare_open")}</a>
                  </p>
                )
              ) : (
                <Comparison
                  current={current}
                  territorial={entry.id}
                  precinct={id}
                  isSummary={isSummary}
                  protocols={own}
                  choiceNames={namesOf}
                  chosen={compare}
                />
              ))}
            {own.length === 0 && <p>{t("protocol.none")}</p>}
            {own.map((protocol, index) => (
              <ProtocolView
                key={protocol.contest}
                protocol={protocol}
                choiceNames={namesOf(protocol.contest)}
                isSummary={isSummary}
                headingId={`protocol-${index}`}
              />
            ))}
          </>
        );
      }}
    </Wait>
  );
}
