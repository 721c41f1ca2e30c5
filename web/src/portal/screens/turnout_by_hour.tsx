// Turnout by hour (turnout.json, docs/formats/snapshot.md): a unit's cumulative turnout at each
// report time of election day, from the precincts' own reports. A line chart — one point per
// time at which any precinct reported, each labelled with its percent, so no colour carries
// meaning — and, visible below it, the table it is drawn from: the accessible alternative, and
// the figures a reader can check against the file.
import { formatNumber, formatPercent, t } from "../i18n";
import { Scroll, Wait } from "../figures";
import { loadFile, type Election, type TurnoutFile, type TurnoutUnit } from "../snapshot";
import { useLoad } from "../use_load";

// Okabe–Ito blue: the portal's colour for counts; the labels say every value again.
const kLine = "#0072B2";
const kW = 320;
const kH = 160;
const kLeft = 30;
const kRight = 8;
const kTop = 14;
const kBottom = 130;

// The unit's turnout by hour: the national one, a region's (`region`) or a territorial
// commission's (`territorial`).
export function TurnoutByHour({ election, region, territorial }: { election: Election; region?: string; territorial?: string }) {
  const loaded = useLoad(() => loadFile<TurnoutFile>(election.turnout_file), "turnout");
  return (
    <section aria-labelledby="turnout-by-hour-heading" data-testid="turnout-by-hour">
      <h2 id="turnout-by-hour-heading">{t("turnout.by_hour_heading")}</h2>
      <Wait loaded={loaded}>
        {(file) => {
          const unit =
            territorial !== undefined
              ? file.territorial.find((entry) => entry.unit_id === territorial)
              : region !== undefined
                ? file.regions.find((entry) => entry.unit_id === region)
                : file.national;
          return unit === undefined ? <p class="note">{t("turnout.by_hour_none")}</p> : <Figure unit={unit} />;
        }}
      </Wait>
    </section>
  );
}

function Figure({ unit }: { unit: TurnoutUnit }) {
  const reported = unit.by_time.filter((entry) => entry.precincts > 0);
  if (reported.length === 0) return <p class="note">{t("turnout.by_hour_none")}</p>;
  // The points: the times with a percent (a reporting precinct's protocol is in).
  const points = reported.filter((entry) => entry.percent !== "–");
  // The scale: whole tens above the highest percent, so that the line is not squeezed at the top.
  const top = Math.min(100, Math.max(10, Math.ceil(Math.max(...points.map((entry) => Number(entry.percent))) / 10) * 10));
  const x = (index: number) => kLeft + ((kW - kLeft - kRight) * (index + 0.5)) / reported.length;
  const y = (percent: number) => kBottom - ((kBottom - kTop) * percent) / top;
  const path = reported
    .map((entry, index) => (entry.percent === "–" ? null : `${x(index).toFixed(1)},${y(Number(entry.percent)).toFixed(1)}`))
    .filter((point): point is string => point !== null);
  const last = points[points.length - 1];
  const summary =
    last === undefined
      ? t("turnout.by_hour_no_percent")
      : t("turnout.by_hour_summary", { percent: formatPercent(last.percent), time: last.time, precincts: last.precincts });
  return (
    <figure class="chart turnout-chart" data-figure="turnout-by-hour">
      <figcaption id="turnout-by-hour-title">{t("turnout.by_hour_caption")}</figcaption>
      <svg viewBox={`0 0 ${kW} ${kH}`} role="img" aria-labelledby="turnout-by-hour-title" aria-describedby="turnout-by-hour-summary" focusable="false">
        {[0, top / 2, top].map((tick) => (
          <g key={tick}>
            <line x1={kLeft} x2={kW - kRight} y1={y(tick)} y2={y(tick)} stroke={tick === 0 ? "#1a1a1a" : "#d0d0d0"} />
            <text x={kLeft - 3} y={y(tick) + 3} text-anchor="end" class="tick">{formatPercent(tick, undefined, 0)}</text>
          </g>
        ))}
        {path.length > 1 && <polyline points={path.join(" ")} fill="none" stroke={kLine} stroke-width="2" />}
        {reported.map((entry, index) => (
          <g key={entry.time} data-time={entry.time}>
            {entry.percent !== "–" && (
              <>
                <circle cx={x(index)} cy={y(Number(entry.percent))} r="3.5" fill={kLine} stroke="#fff" stroke-width="1" />
                <text x={x(index)} y={y(Number(entry.percent)) - 6} text-anchor="middle" class="tick value">
                  {formatPercent(entry.percent)}
                </text>
              </>
            )}
            <text x={x(index)} y={kBottom + 13} text-anchor="middle" class="tick">{entry.time}</text>
          </g>
        ))}
      </svg>
      <p class="note" id="turnout-by-hour-summary">{summary}</p>
      <Scroll label={t("turnout.by_hour_caption")}>
        <table class="figures" data-table="turnout-by-hour">
          <caption>{t("turnout.by_hour_table")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("turnout.time")}</th>
              <th scope="col" class="n">{t("turnout.precincts")}</th>
              <th scope="col" class="n">{t("turnout.voters")}</th>
              <th scope="col" class="n">{t("turnout.registered")}</th>
              <th scope="col" class="n">{t("turnout.percent")}</th>
            </tr>
          </thead>
          <tbody>
            {reported.map((entry) => (
              <tr key={entry.time} data-time={entry.time}>
                <th scope="row">{entry.time}</th>
                <td class="n">{formatNumber(entry.precincts)}</td>
                <td class="n">{formatNumber(entry.voters)}</td>
                <td class="n">{entry.precincts_with_protocol > 0 ? formatNumber(entry.registered) : "—"}</td>
                <td class="n">{entry.percent === "–" ? "—" : formatPercent(entry.percent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <p class="note">{t("turnout.by_hour_note")}</p>
    </figure>
  );
}
