// The Mäjilis as a hemicycle: one circle per seat, in rows, filled by affiliation from left to
// right in the order of `composition`; a legend with each affiliation's count, and the same
// figures as a table (house.caption).
import { Scroll } from "../figures";
import { t } from "../i18n";
import { fillOf, partyIndex, Swatch } from "../parties";
import type { CompositionRow, Party } from "../snapshot";

const kScale = 300;

interface Seat {
  x: number;
  y: number;
  angle: number;
}

// Seat positions for `total` seats: rows from the inside out, each with seats in proportion to
// its length, ordered by angle so that an affiliation takes a wedge.
export function seatPositions(total: number): Seat[] {
  if (total <= 0) return [];
  const rows = Math.max(1, Math.round(Math.sqrt(total / 2.6)));
  const radii = Array.from({ length: rows }, (_, row) => 0.42 + (0.58 * (row + 0.5)) / rows);
  const length = radii.reduce((sum, radius) => sum + radius, 0);
  const counts = radii.map((radius) => Math.floor((total * radius) / length));
  // The seats lost to rounding go to the outer rows.
  for (let row = rows - 1, left = total - counts.reduce((a, b) => a + b, 0); left > 0; left--, row = (row - 1 + rows) % rows) {
    counts[row] = (counts[row] ?? 0) + 1;
  }
  const seats: Seat[] = [];
  radii.forEach((radius, row) => {
    const count = counts[row] ?? 0;
    for (let seat = 0; seat < count; seat++) {
      const angle = count === 1 ? Math.PI / 2 : Math.PI - (Math.PI * seat) / (count - 1);
      seats.push({ x: radius * Math.cos(angle), y: radius * Math.sin(angle), angle });
    }
  });
  return seats.sort((a, b) => b.angle - a.angle || a.x * a.x + a.y * a.y - (b.x * b.x + b.y * b.y));
}

export function Hemicycle({ composition, parties }: { composition: CompositionRow[]; parties: readonly Party[] }) {
  const filled = composition.filter((row) => row.total > 0);
  const total = composition.reduce((sum, row) => sum + row.total, 0);
  const vacant = composition.reduce((sum, row) => sum + row.vacant, 0);
  const seats = seatPositions(total);
  const owners = filled.flatMap((row) => Array.from({ length: row.total }, () => row));
  const rows = Math.max(1, Math.round(Math.sqrt(total / 2.6)));
  const radius = Math.min(0.028, 0.27 / rows);
  const list = composition.reduce((sum, row) => sum + row.list_seats, 0);
  const districts = composition.reduce((sum, row) => sum + row.district_seats, 0);
  return (
    <section aria-labelledby="house-heading">
      <h2 id="house-heading">{t("house.heading", { seats: total })}</h2>
      <p>{t("house.summary", { list, districts })}</p>
      <div class="hemicycle">
        {/* In units of about a pixel (the unit circle scaled by kScale), so that the patterns'
            6-unit tiles are as fine on a seat as on a legend's swatch. */}
        <svg viewBox={`${-1.05 * kScale} ${-1.05 * kScale} ${2.1 * kScale} ${1.12 * kScale}`} role="img" aria-label={t("house.caption")}>
          {seats.map((seat, index) => {
            const owner = owners[index];
            const affiliation = owner?.affiliation ?? "";
            return (
              <circle
                key={index}
                cx={(seat.x * kScale).toFixed(2)}
                cy={(-seat.y * kScale).toFixed(2)}
                r={(radius * kScale).toFixed(2)}
                fill={owner === undefined ? "#ffffff" : fillOf(partyIndex(parties, affiliation))}
                stroke="#333"
                stroke-width="1"
              >
                <title>{owner === undefined ? t("house.vacant") : affiliation}</title>
              </circle>
            );
          })}
          <text x="0" y={-0.06 * kScale} text-anchor="middle" font-size={0.2 * kScale} font-weight="bold">{total - vacant}</text>
        </svg>
        <ul class="legend" aria-hidden="true">
          {filled.map((row) => (
            <li key={row.affiliation}>
              <Swatch index={partyIndex(parties, row.affiliation)} /> {row.affiliation} <strong>{row.total}</strong>
            </li>
          ))}
        </ul>
      </div>
      <Scroll label={t("house.caption")}>
<table class="figures" data-table="composition">
        <caption>{t("house.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("house.affiliation")}</th>
            <th scope="col" class="n">{t("house.list_seats")}</th>
            <th scope="col" class="n">{t("house.district_seats")}</th>
            <th scope="col" class="n">{t("house.vacant")}</th>
            <th scope="col" class="n">{t("house.total")}</th>
          </tr>
        </thead>
        <tbody>
          {composition.map((row) => (
            <tr key={row.affiliation}>
              <th scope="row"><Swatch index={partyIndex(parties, row.affiliation)} /> {row.affiliation}</th>
              <td class="n">{row.list_seats}</td>
              <td class="n">{row.district_seats}</td>
              <td class="n">{row.vacant}</td>
              <td class="n">{row.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
</Scroll>
    </section>
  );
}
