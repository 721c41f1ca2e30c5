// The regions as a tile-grid map: one tile per region on a fixed grid that approximates
// Kazakhstan's geography (west left, the three cities beside their regions), so no map data is
// fetched. Each tile links to its region and names it and its leading list with the list's
// pattern; the table after the map (regions.caption) has the same figures.
import { formatPercent, t } from "../i18n";
import { partyIndex, shortName, Swatch } from "../parties";
import { href } from "../route";
import type { Party, RegionEntry, ResultRow } from "../snapshot";
import { Scroll, shareText } from "../figures";

// [column, row] of each region id on a 6 × 5 grid. A region not listed (a new id) is placed in a
// row below the map rather than left out.
const kTiles: Record<string, [number, number]> = {
  "west-kazakhstan": [0, 0],
  aktobe: [1, 0],
  kostanay: [2, 0],
  "north-kazakhstan": [3, 0],
  pavlodar: [4, 0],
  "east-kazakhstan": [5, 0],
  atyrau: [0, 1],
  ulytau: [2, 1],
  akmola: [3, 1],
  astana: [4, 1],
  abai: [5, 1],
  mangystau: [0, 2],
  kyzylorda: [1, 2],
  karaganda: [3, 2],
  jetisu: [5, 2],
  turkistan: [1, 3],
  shymkent: [2, 3],
  jambyl: [3, 3],
  "almaty-region": [4, 3],
  almaty: [4, 4],
};

// A tile has room for about ten letters a line at phone width: "Abai Region" is written "Abai"
// there (the table below the map, and the link's title, keep the whole name), unless another
// region is called that ("Almaty Region" and the city of Almaty).
function tileName(name: string, names: readonly string[]): string {
  const short = name.replace(/ Region$/, "");
  return short !== name && names.includes(short) ? name : short;
}

// A long word of a tile's name gets one soft hyphen (U+00AD), so that on a phone it breaks as
// "Kazakh-|stan" with a visible hyphen instead of anywhere ("Kazakhs|tan"); nothing is hidden
// and the hyphen shows only where the line breaks. The break goes before "stan" when the word
// has it, else before the consonant + vowel onset nearest the middle, never splitting kh, sh,
// ch, zh or ng and leaving at least three letters on each side.
const kVowel = /[aeiouyəöüıұүіäаәеёиоөуұүыіэюя]/i;
const kDigraph = /^(kh|sh|ch|zh|ng)$/i;
export function softHyphens(name: string): string {
  return name
    .split(" ")
    .map((word) => {
      if (word.length < 8) return word;
      const stan = word.toLowerCase().lastIndexOf("stan");
      let at = stan >= 3 && stan <= word.length - 4 ? stan : -1;
      if (at < 0) {
        for (let i = 3; i <= word.length - 3; i++) {
          const onset = !kVowel.test(word[i] ?? "") && kVowel.test(word[i + 1] ?? "") && !kDigraph.test(word.slice(i - 1, i + 1));
          if (onset && (at < 0 || Math.abs(i - word.length / 2) < Math.abs(at - word.length / 2))) at = i;
        }
      }
      return at < 0 ? word : `${word.slice(0, at)}\u00ad${word.slice(at)}`;
    })
    .join(" ");
}

export function leaderOf(row: ResultRow): { name: string; votes: number } | null {
  return row.choices.reduce<{ name: string; votes: number } | null>(
    (best, choice) => (best === null || choice.votes > best.votes ? choice : best),
    null,
  );
}

function leaderShare(row: ResultRow): string {
  const leader = leaderOf(row);
  const valid = row.ballot_account.valid_ballots;
  return leader === null || valid === 0 ? "—" : formatPercent((leader.votes * 100) / valid);
}

export function RegionMap({ regions, rows, parties }: { regions: RegionEntry[]; rows: ResultRow[]; parties: readonly Party[] }) {
  const rowOf = (id: string) => rows.find((row) => row.unit_id === id);
  let spare = 0;
  return (
    <section aria-labelledby="regions-heading">
      <h2 id="regions-heading">{t("regions.heading")}</h2>
      <nav class="tile-map" aria-label={t("regions.map")}>
        <ul>
          {regions.map((region) => {
            const row = rowOf(region.id);
            const leader = row === undefined ? null : leaderOf(row);
            const [column, line] = kTiles[region.id] ?? [spare++ % 6, 5];
            return (
              <li key={region.id} class={`tile c${column} r${line}`}>
                <a href={href({ screen: "region", id: region.id })} title={region.name}>
                  <span class="tile-name">{softHyphens(tileName(region.name, regions.map((other) => other.name)))}</span>
                  {leader !== null && (
                    <span class="tile-leader">
                      <Swatch index={partyIndex(parties, leader.name)} />{" "}
                      <span class="tile-leader-name">{shortName(parties, leader.name)}</span>
                    </span>
                  )}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      <Scroll label={t("regions.caption")}>
        <table class="figures" data-table="regions">
          <caption>{t("regions.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("regions.region")}</th>
              <th scope="col" class="n">{t("districts.protocols")}</th>
              <th scope="col" class="n">{t("turnout.heading")}</th>
              <th scope="col">{t("regions.leader")}</th>
              <th scope="col" class="n">{t("regions.leader_share")}</th>
            </tr>
          </thead>
          <tbody>
            {regions.map((region) => {
              const row = rowOf(region.id);
              const leader = row === undefined ? null : leaderOf(row);
              return (
                <tr key={region.id}>
                  <th scope="row"><a href={href({ screen: "region", id: region.id })}>{region.name}</a></th>
                  <td class="n">{row === undefined ? "—" : `${t("progress.text", { done: row.protocols, total: row.expected })} (${shareText(row.protocols, row.expected)})`}</td>
                  <td class="n">{row === undefined ? "—" : formatPercent(row.turnout_percent)}</td>
                  <td>{leader === null ? "—" : <><Swatch index={partyIndex(parties, leader.name)} /> {leader.name}</>}</td>
                  <td class="n">{row === undefined ? "—" : leaderShare(row)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Scroll>
    </section>
  );
}
