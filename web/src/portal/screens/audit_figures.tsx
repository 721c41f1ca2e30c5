// The figures of the integrity page, drawn from the binned data `esep audit --format json`
// carries (docs/forensics*.md) and from nothing else: the additions and mobile-box histograms
// (`histogram_percent_bins`), the integer-percentage histograms at 0.1 % resolution
// (`observed_per_mille_bins`, whole percentages marked), the last-digit counts against their
// expectation (`last_digit[*].observed`/`expected`), and the Klimek fingerprint (`counts`, a
// 100 × 100 turnout × leader-share grid) with its two marginals (the turnout and leader-share
// histograms). A section without such data says so. Every figure is a labelled `role="img"`
// followed by its table in a <details>; the table's rows name the array and index they show
// (`data-source`, `data-bin`), so the browser tests compare them with audit.json.
//
// The flagged lists: the `high` precincts of the additions and mobile sections and the flagged
// commissions of the turnout-shape section, each linked to its page when election.json lists
// its territorial commission.
import type { ComponentChildren } from "preact";

import { Scroll } from "../figures";
import { formatNumber, formatPercent, t } from "../i18n";
import { href } from "../route";
import type { Audit, AuditSection, Election } from "../snapshot";

type Json = Record<string, unknown>;
const arrayOf = (value: unknown): number[] | null =>
  Array.isArray(value) && value.every((entry) => typeof entry === "number") ? (value as number[]) : null;
const objectOf = (value: unknown): Json | null => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null);

// Okabe–Ito blue, sky blue and vermillion; black for expectations and cut-offs.
const kBar = "#0072B2";
const kLight = "#56B4E9";
const kMark = "#D55E00";
// A single-hue sequential ramp (lighter = fewer precincts), readable with any colour vision.
const kRamp = ["#9ecae1", "#4292c6", "#2171b5", "#08306b"];

interface Bar {
  bin: number; // index into the source array
  label: string; // the bin as shown in the table
  value: number;
  expected?: number;
  mark?: boolean;
}

const kW = 320;
const kH = 150;
const kLeft = 34;
const kTop = 8;
const kBottom = 122;

function Chart({ id, title, note, bars, source, expected, markHeading, cut, columns, everyLabel, children }: {
  id: string;
  title: string;
  note?: string;
  bars: Bar[];
  source: string; // the array behind `value`, as a path in the section
  expected?: string; // the array behind `expected`
  markHeading?: string;
  cut?: { at: number; label: string } | undefined; // a vertical line at fractional bar position `at`
  columns: [string, string];
  everyLabel?: boolean; // a label under every bar (the ten digits), else the first and last
  children?: ComponentChildren;
}) {
  const top = Math.max(1, ...bars.map((bar) => Math.max(bar.value, bar.expected ?? 0)));
  const width = (kW - kLeft - 4) / Math.max(1, bars.length);
  // A bin that holds anything is at least 2 units high, so a lone precinct in a tail shows.
  const y = (value: number) => (value > 0 ? Math.min(kBottom - 2, kBottom - ((kBottom - kTop) * value) / top) : kBottom);
  const first = bars[0];
  const last = bars[bars.length - 1];
  return (
    <figure class="chart" data-figure={id}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg viewBox={`0 0 ${kW} ${kH}`} role="img" aria-labelledby={`${id}-title`} aria-describedby={note === undefined ? undefined : `${id}-note`} focusable="false">
        <line x1={kLeft} y1={kBottom} x2={kW - 4} y2={kBottom} stroke="#1a1a1a" />
        <line x1={kLeft} y1={kTop} x2={kLeft} y2={kBottom} stroke="#1a1a1a" />
        <text x={kLeft - 3} y={kTop + 8} text-anchor="end" class="tick">{formatNumber(top)}</text>
        <text x={kLeft - 3} y={kBottom} text-anchor="end" class="tick">0</text>
        {bars.map((bar, index) =>
          bar.value > 0 ? (
            <rect
              key={bar.bin}
              x={kLeft + index * width + (width > 3 ? 0.5 : 0)}
              y={y(bar.value)}
              width={Math.max(bar.mark === true ? 1.4 : 0.6, width - (width > 3 ? 1 : 0))}
              height={kBottom - y(bar.value)}
              fill={bar.mark === true ? kMark : markHeading !== undefined ? kLight : kBar}
            />
          ) : null,
        )}
        {bars.map((bar, index) =>
          bar.expected !== undefined ? (
            <line key={`e${bar.bin}`} x1={kLeft + index * width} x2={kLeft + (index + 1) * width} y1={y(bar.expected)} y2={y(bar.expected)} stroke="#000" stroke-width="2" />
          ) : null,
        )}
        {cut !== undefined && cut.at <= bars.length && (
          <>
            <line x1={kLeft + cut.at * width} x2={kLeft + cut.at * width} y1={kTop} y2={kBottom} stroke="#000" stroke-dasharray="3 2" />
            <text x={kLeft + cut.at * width + (cut.at > bars.length * 0.7 ? -3 : 3)} y={kTop + 8} text-anchor={cut.at > bars.length * 0.7 ? "end" : "start"} class="tick">{cut.label}</text>
          </>
        )}
        {everyLabel === true
          ? bars.map((bar, index) => (
              <text key={`l${bar.bin}`} x={kLeft + (index + 0.5) * width} y={kBottom + 12} text-anchor="middle" class="tick">{bar.label}</text>
            ))
          : (
            <>
              {first !== undefined && <text x={kLeft} y={kBottom + 12} class="tick">{first.label}</text>}
              {last !== undefined && <text x={kW - 4} y={kBottom + 12} text-anchor="end" class="tick">{last.label}</text>}
            </>
          )}
        <text x={kLeft + (kW - kLeft) / 2} y={kH - 4} text-anchor="middle" class="tick">{columns[0]}</text>
      </svg>
      {note !== undefined && <p class="note" id={`${id}-note`}>{note}</p>}
      <details>
        <summary>{t("fig.table")}</summary>
        <Scroll label={title}>
          <table class="figures" data-table="figure" data-source={source} data-expected={expected}>
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{columns[0]}</th>
                <th scope="col" class="n">{columns[1]}</th>
                {expected !== undefined && <th scope="col" class="n">{t("fig.expected")}</th>}
                {markHeading !== undefined && <th scope="col">{markHeading}</th>}
              </tr>
            </thead>
            <tbody>
              {bars
                .filter((bar) => bar.value > 0 || bar.expected !== undefined)
                .map((bar) => (
                  <tr key={bar.bin} data-bin={bar.bin}>
                    <th scope="row">{bar.label}</th>
                    <td class="n">{formatNumber(bar.value)}</td>
                    {bar.expected !== undefined && <td class="n">{formatNumber(bar.expected, undefined, 2)}</td>}
                    {markHeading !== undefined && <td>{bar.mark === true ? `● ${t("fig.yes")}` : ""}</td>}
                  </tr>
                ))}
            </tbody>
          </table>
        </Scroll>
      </details>
      {children}
    </figure>
  );
}

// The bins from the first to the last that holds a precinct (all of them when none does).
function span(values: number[]): [number, number] {
  const first = values.findIndex((value) => value > 0);
  if (first < 0) return [0, values.length - 1];
  let last = values.length - 1;
  while (last > first && (values[last] ?? 0) === 0) last--;
  return [first, last];
}

// Whole-percent bins: bin k holds shares from k % up to (k + 1) %.
function percentBars(values: number[], from: number, to: number): Bar[] {
  const bars: Bar[] = [];
  for (let bin = from; bin <= to; bin++) bars.push({ bin, label: `${bin}–${bin + 1}\u00a0%`, value: values[bin] ?? 0 });
  return bars;
}

function Missing({ what }: { what: string }) {
  return <p class="note" data-missing>{t("fig.missing", { what })}</p>;
}

// Additions and mobile boxes: the precincts' shares in whole-percent bins, with the MAD line.
function ShareHistogram({ section }: { section: Json & AuditSection }) {
  const values = arrayOf(section["histogram_percent_bins"]);
  if (values === null) return <Missing what="histogram_percent_bins" />;
  const rule = objectOf(section["rule"]);
  const line = typeof rule?.["median_plus_mad_multiple"] === "number" ? (rule["median_plus_mad_multiple"] as number) * 100 : null;
  const [from, last] = span(values);
  const to = Math.max(last, line === null ? last : Math.min(values.length - 1, Math.ceil(line)));
  return (
    <Chart
      id={`fig-${section.id}`}
      title={t(section.id === "mobile" ? "fig.mobile_histogram" : "fig.additions_histogram")}
      note={t("fig.share_histogram_note") + (line === null ? "" : ` ${t("fig.cut", { value: formatPercent(line) })}`)}
      bars={percentBars(values, from, to)}
      source="histogram_percent_bins"
      cut={line === null ? undefined : { at: line - from, label: t("fig.cut_short") }}
      columns={[t("fig.share_bin"), t("fig.precincts")]}
    />
  );
}

// Integer percentages: each measure's 0.1 %-wide histogram; bins on a whole percent marked.
function IntegerHistograms({ section }: { section: Json & AuditSection }) {
  const result = objectOf(section["result"]);
  if (result === null) return <Missing what="result" />;
  const figures = (["turnout", "leader_share"] as const).map((name) => {
    const measure = objectOf(result[name]);
    const values = arrayOf(measure?.["observed_per_mille_bins"]);
    if (measure === null || values === null) return <Missing key={name} what={`${name}.observed_per_mille_bins`} />;
    const [from, to] = span(values);
    const bars: Bar[] = [];
    for (let bin = from; bin <= to; bin++) {
      bars.push({ bin, label: formatPercent(bin / 10, undefined, 1), value: values[bin] ?? 0, mark: bin % 10 === 0 });
    }
    const observed = typeof measure["observed"] === "number" ? measure["observed"] : null;
    const expected = typeof measure["expected"] === "number" ? measure["expected"] : null;
    return (
      <Chart
        key={name}
        id={`fig-integer-${name}`}
        title={t(name === "turnout" ? "fig.integer_turnout" : "fig.integer_share")}
        note={
          t("fig.integer_note") +
          (observed !== null && expected !== null
            ? ` ${t("fig.integer_counts", { observed, expected: formatNumber(expected, undefined, 1) })}`
            : "")
        }
        bars={bars}
        source={`result.${name}.observed_per_mille_bins`}
        markHeading={t("fig.whole")}
        columns={[t("fig.percent_bin"), t("fig.precincts")]}
      />
    );
  });
  return <>{figures}</>;
}

// Last digits: for each count tested, the precincts per last digit against the expectation.
function DigitCharts({ section }: { section: Json & AuditSection }) {
  const result = objectOf(section["result"]);
  const tests = Array.isArray(result?.["last_digit"]) ? (result["last_digit"] as unknown[]) : null;
  if (tests === null) return <Missing what="result.last_digit" />;
  return (
    <>
    <p class="note">{t("fig.digits_note")}</p>
    <div class="chart-grid">
      {tests.map((entry, index) => {
        const test = objectOf(entry);
        const observed = arrayOf(test?.["observed"]);
        const expected = arrayOf(test?.["expected"]);
        if (test === null || observed === null || expected === null || observed.length !== 10) return null;
        const subject = String(test["subject"] ?? index);
        return (
          <Chart
            key={index}
            id={`fig-digits-${index}`}
            title={t("fig.digits", { subject })}
            {...(test["tested"] === false ? { note: t("fig.digits_untested") } : {})}
            bars={observed.map((value, digit) => ({ bin: digit, label: String(digit), value, expected: expected[digit] ?? 0 }))}
            source={`result.last_digit.${index}.observed`}
            expected={`result.last_digit.${index}.expected`}
            columns={[t("fig.digit"), t("fig.counts")]}
            everyLabel
          />
        );
      })}
    </div>
    </>
  );
}

// Klimek: the 100 × 100 turnout × leader-share grid as a heat map (only the cells that hold a
// precinct are drawn), the 95/95 corner outlined, then the two marginals as histograms.
function Klimek({ section }: { section: Json & AuditSection }) {
  const result = objectOf(section["result"]);
  const counts = arrayOf(result?.["counts"]);
  const bins = typeof result?.["bins"] === "number" ? (result["bins"] as number) : 0;
  const marginal = (name: string) => arrayOf(objectOf(result?.[name])?.["precincts"]);
  const turnout = marginal("turnout_marginal");
  const share = marginal("share_marginal");
  const histogram = (values: number[] | null, name: string, title: string) => {
    if (values === null) return <Missing what={`${name}.precincts`} />;
    const [from, to] = span(values);
    return (
      <Chart
        id={`fig-${name}`}
        title={title}
        note={t("fig.marginal_note")}
        bars={percentBars(values, from, to)}
        source={`result.${name}.precincts`}
        columns={[t("fig.percent_bin"), t("fig.precincts")]}
      />
    );
  };
  const marginals = (
    <div class="chart-grid">
      {histogram(turnout, "turnout_marginal", t("fig.turnout_histogram"))}
      {histogram(share, "share_marginal", t("fig.share_marginal"))}
    </div>
  );
  if (counts === null || bins <= 0 || counts.length !== bins * bins) return <><Missing what="result.counts" />{marginals}</>;
  const top = Math.max(1, ...counts);
  // The fullest square always gets the darkest shade; with fewer distinct counts than shades the
  // lightest ones go unused (they are faint on the plot's background).
  const level = (count: number) => Math.max(0, Math.min(kRamp.length - 1, Math.ceil((count * kRamp.length) / top) - 1));
  const size = 280 / bins;
  const left = 30;
  const cells: Array<{ index: number; turnout: number; share: number; count: number }> = [];
  counts.forEach((count, index) => {
    if (count > 0) cells.push({ index, turnout: Math.floor(index / bins), share: index % bins, count });
  });
  const corner = objectOf(result?.["corner"]);
  const cornerPercent = typeof corner?.["percent"] === "number" ? (corner["percent"] as number) : null;
  const id = "fig-klimek";
  const bin = (value: number) => `${value}–${value + 1}\u00a0%`;
  // The legend: the precinct counts each shade stands for, from the same rule as the squares.
  const ranges: Array<[number, number]> = kRamp.map(() => [0, 0]);
  for (let count = 1; count <= top; count++) {
    const range = ranges[level(count)] as [number, number];
    if (range[0] === 0) range[0] = count;
    range[1] = count;
  }
  const legend = kRamp
    .map((colour, step) => ({ colour, range: ranges[step] as [number, number] }))
    .filter((entry) => entry.range[0] > 0)
    .map(({ colour, range }) => ({ colour, text: range[0] === range[1] ? formatNumber(range[0]) : `${formatNumber(range[0])}–${formatNumber(range[1])}` }));
  return (
    <>
      <figure class="chart chart-square" data-figure={id}>
        <figcaption id={`${id}-title`}>{t("fig.klimek")}</figcaption>
        <svg viewBox="0 0 320 320" role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-note`} focusable="false">
          <rect x={left} y={0} width={280} height={280} fill="#f3f5f8" stroke="#1a1a1a" />
          {[25, 50, 75].map((mark) => (
            <g key={mark} stroke="#c8c8c8" stroke-width="0.5">
              <line x1={left + mark * 2.8} x2={left + mark * 2.8} y1={0} y2={280} />
              <line x1={left} x2={left + 280} y1={280 - mark * 2.8} y2={280 - mark * 2.8} />
            </g>
          ))}
          {cells.map((cell) => (
            <rect key={cell.index} x={left + cell.turnout * size} y={280 - (cell.share + 1) * size} width={size} height={size} fill={kRamp[level(cell.count)]} />
          ))}
          {cornerPercent !== null && (
            <rect x={left + cornerPercent * 2.8} y={0} width={(100 - cornerPercent) * 2.8} height={(100 - cornerPercent) * 2.8} fill="none" stroke={kMark} stroke-width="1.5" stroke-dasharray="3 2" />
          )}
          {[0, 50, 100].map((mark) => (
            <g key={mark} class="tick">
              <text x={left + mark * 2.8} y={294} text-anchor={mark === 0 ? "start" : mark === 100 ? "end" : "middle"}>{`${mark}\u00a0%`}</text>
              <text x={left - 3} y={283 - mark * 2.8 + (mark === 100 ? 6 : 0)} text-anchor="end">{`${mark}`}</text>
            </g>
          ))}
          <text x={left + 140} y={314} text-anchor="middle" class="tick">{t("fig.turnout_axis")}</text>
          <text x={9} y={140} text-anchor="middle" class="tick" transform="rotate(-90 9 140)">{t("fig.share_axis")}</text>
        </svg>
        <p class="heat-legend-title" id={`${id}-legend`}>{t("fig.legend")}</p>
        <ul class="heat-legend" aria-labelledby={`${id}-legend`}>
          {legend.map((entry) => (
            <li key={entry.colour}>
              <svg viewBox="0 0 10 10" width="14" height="14" aria-hidden="true" focusable="false"><rect width="10" height="10" fill={entry.colour} /></svg>{" "}
              {entry.text}
            </li>
          ))}
        </ul>
        {cornerPercent !== null && <p class="heat-legend-title">{t("fig.corner", { percent: cornerPercent, precincts: Number(corner?.["precincts"] ?? 0) })}</p>}
        <p class="note" id={`${id}-note`}>{t("fig.klimek_note")}</p>
        <details>
          <summary>{t("fig.table")}</summary>
          <Scroll label={t("fig.klimek")}>
            <table class="figures" data-table="figure" data-source="result.counts">
              <caption>{t("fig.klimek_caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("fig.turnout_axis")}</th>
                  <th scope="col" class="n">{t("fig.precincts")}</th>
                  <th scope="col">{t("fig.share_axis")}</th>
                </tr>
              </thead>
              <tbody>
                {cells.map((cell) => (
                  <tr key={cell.index} data-bin={cell.index}>
                    <th scope="row">{bin(cell.turnout)}</th>
                    <td class="n">{formatNumber(cell.count)}</td>
                    <td>{bin(cell.share)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        </details>
      </figure>
      {marginals}
    </>
  );
}

// The precincts (additions, mobile) or commissions (turnout shape) a section lists, linked to
// their pages through election.json; an id the election does not list stays plain text.
function Flagged({ section, election }: { section: Json & AuditSection; election: Election }) {
  const territorial = new Set(election.regions.flatMap((region) => region.territorial.map((entry) => entry.id)));
  const items: Array<{ key: string; link: string | null; text: string; detail: string }> = [];
  for (const entry of Array.isArray(section["high"]) ? (section["high"] as unknown[]) : []) {
    const high = objectOf(entry);
    const precinct = String(high?.["precinct"] ?? "");
    const group = String(high?.["group"] ?? "");
    if (precinct === "") continue;
    const share = typeof high?.["share"] === "number" ? formatPercent((high["share"] as number) * 100) : "";
    items.push({
      key: precinct,
      link: territorial.has(group) ? href({ screen: "precinct", territorial: group, id: precinct }) : null,
      text: precinct,
      detail: t("fig.high_detail", { share, commission: group }),
    });
  }
  for (const entry of Array.isArray(section["commissions"]) ? (section["commissions"] as unknown[]) : []) {
    const commission = objectOf(entry);
    if (commission?.["flagged"] !== true) continue;
    const id = String(commission["commission"] ?? "");
    const p = typeof commission["holm_adjusted_p_value"] === "number" ? formatNumber(commission["holm_adjusted_p_value"] as number, undefined, 4) : "—";
    items.push({
      key: id,
      link: territorial.has(id) ? href({ screen: "territorial", id }) : null,
      text: id,
      detail: t("fig.commission_detail", { p }),
    });
  }
  if (items.length === 0) return null;
  return (
    <div class="flagged-list" data-flagged={section.id}>
      <h5>{t(section.id === "turnout_by_commission" ? "fig.flagged_commissions" : "fig.flagged_precincts")}</h5>
      <p class="note">{t("fig.flagged_note")}</p>
      <ul>
        {items.map((item) => (
          <li key={item.key}>
            {item.link === null ? <span>{item.text}</span> : <a href={item.link}>{item.text}</a>} <span class="note">{item.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const kDrawn: Record<string, (props: { section: Json & AuditSection }) => preact.JSX.Element | null> = {
  additions: ShareHistogram,
  mobile: ShareHistogram,
  integer_percentages: IntegerHistograms,
  digits: DigitCharts,
  klimek: Klimek,
};

export function AuditFigures({ sections, election }: { sections: AuditSection[]; election: Election }) {
  return (
    <>
      {sections.map((plain) => {
        const section = plain as Json & AuditSection;
        const Drawn = kDrawn[section.id];
        return (
          <section key={section.id} class="audit-section" data-section-figures={section.id} aria-labelledby={`figs-${section.id}`}>
            <h4 id={`figs-${section.id}`} lang="en">{section.title}</h4>
            <Flagged section={section} election={election} />
            {!section.available ? (
              <p class="note">{t("fig.unavailable")}</p>
            ) : Drawn === undefined ? (
              <p class="note" data-missing>{t("fig.none")}</p>
            ) : (
              <Drawn section={section} />
            )}
          </section>
        );
      })}
    </>
  );
}

// The descriptive figures (no test, no flag), when the audit has them.
export function Descriptive({ descriptive }: { descriptive: Audit["audit"]["precinct_suite"]["descriptive"] | undefined }) {
  if (descriptive === undefined) return null;
  const r = descriptive.pearson_r_turnout_leader_share;
  return (
    <p data-descriptive>
      {t("fig.descriptive", {
        r: typeof r === "number" ? formatNumber(r, undefined, 3) : "—",
        full: descriptive.full_turnout,
        corner: descriptive.corner.precincts,
        percent: descriptive.corner.share_at_least_percent ?? 95,
      })}
    </p>
  );
}
