// The party-list result: each list's share of the threshold base as a bar, with the threshold
// drawn across all bars; the same figures as a table; then the seat allocation with its worked
// steps (the quota, whole seats, remainders) as a table and as the publisher's own sentences.
import { Scroll } from "../figures";
import { formatDecimal, formatNumber, formatPercent, t } from "../i18n";
import { fillOf, partyIndex, Swatch } from "../parties";
import type { ListAllocation, Party } from "../snapshot";

export function PartyLists({ allocation, parties }: { allocation: ListAllocation; parties: readonly Party[] }) {
  const threshold = Number(allocation.rules.threshold_percent);
  const rows = allocation.allocation;
  // The longest bar fills the row; the threshold sits at its share of that scale.
  const scale = Math.max(threshold, ...rows.map((row) => Number(row.percent))) * 1.02;
  const at = (percent: number) => (percent * 100) / scale;
  const thresholdText = formatPercent(allocation.rules.threshold_percent);
  return (
    <section aria-labelledby="lists-heading">
      <h2 id="lists-heading">{t("list.heading")}</h2>
      <p>{t("list.explain", { threshold: thresholdText })}</p>
      <figure class="bars">
        <figcaption>{t("list.chart")}</figcaption>
        <ul aria-hidden="true">
          {rows.map((row) => (
            <li key={row.party}>
              <span class="bar-label">
                {row.party} · {formatPercent(row.percent)} {row.admitted ? "✓" : "✕"}
              </span>
              {/* No viewBox: lengths in percent of the row and pixels, so the patterns are not stretched. */}
              <svg class="bar" focusable="false">
                <rect x="0" y="2" width={`${at(Number(row.percent))}%`} height="14" fill={fillOf(partyIndex(parties, row.party))} stroke="#333" stroke-width="1" />
                <line x1={`${at(threshold)}%`} x2={`${at(threshold)}%`} y1="0" y2="18" stroke="#000" stroke-width="2" stroke-dasharray="3 2" />
              </svg>
            </li>
          ))}
        </ul>
        <p class="threshold-key" aria-hidden="true">┆ {t("list.threshold", { threshold: thresholdText })}</p>
      </figure>
      <Scroll label={t("list.caption")}>
<table class="figures" data-table="lists">
        <caption>{t("list.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("list.party")}</th>
            <th scope="col" class="n">{t("list.votes")}</th>
            <th scope="col" class="n">{t("list.percent")}</th>
            <th scope="col">{t("list.admission")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.party}>
              <th scope="row"><Swatch index={partyIndex(parties, row.party)} /> {row.party}</th>
              <td class="n">{formatNumber(row.votes)}</td>
              <td class="n">{formatPercent(row.percent)}</td>
              <td>{row.admitted ? `✓ ${t("list.passes")}` : `✕ ${t("list.below")}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
</Scroll>
    </section>
  );
}

export function Allocation({ allocation, parties }: { allocation: ListAllocation; parties: readonly Party[] }) {
  const admitted = allocation.allocation.filter((row) => row.admitted);
  return (
    <section aria-labelledby="allocation-heading">
      <h2 id="allocation-heading">{t("allocation.heading")}</h2>
      <p>
        {t("allocation.explain", {
          seats: allocation.rules.seats,
          method: allocation.rules.method,
          quota: formatDecimal(allocation.quota.decimal),
        })}
      </p>
      <Scroll label={t("allocation.caption")}>
        <table class="figures" data-table="allocation">
          <caption>{t("allocation.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("list.party")}</th>
              <th scope="col" class="n">{t("list.votes")}</th>
              <th scope="col" class="n">{t("allocation.quotient")}</th>
              <th scope="col" class="n">{t("allocation.whole")}</th>
              <th scope="col" class="n">{t("allocation.remainder")}</th>
              <th scope="col" class="n">{t("allocation.remainder_seats")}</th>
              <th scope="col" class="n">{t("allocation.seats")}</th>
            </tr>
          </thead>
          <tbody>
            {admitted.map((row) => (
              <tr key={row.party}>
                <th scope="row"><Swatch index={partyIndex(parties, row.party)} /> {row.party}</th>
                <td class="n">{formatNumber(row.votes)}</td>
                <td class="n">{formatDecimal(row.quotient.decimal)}</td>
                <td class="n">{row.whole_seats}</td>
                <td class="n">{formatDecimal(row.remainder.decimal)}</td>
                <td class="n">{row.remainder_seats}</td>
                <td class="n"><strong>{row.seats}</strong></td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <h3>{t("allocation.steps")}</h3>
      <p class="note">{t("allocation.steps_language")}</p>
      <ol class="steps" lang="en">
        {allocation.steps.map((step, index) => (
          <li key={index}>{step.text}</li>
        ))}
      </ol>
    </section>
  );
}
