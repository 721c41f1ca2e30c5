// The pieces every screen shares: a load's three states, the status, "N of M protocols", and the
// ballot account and the votes of a result row as tables.
import type { ComponentChildren } from "preact";

import { formatNumber, formatPercent, t, type PortalKey } from "./i18n";
import { partyIndex, Swatch } from "./parties";
import { href } from "./route";
import { progressShare } from "./share";
import { kBallotAccountKeys, SnapshotError, type BallotAccount, type Party, type ResultRow, type Status } from "./snapshot";
import type { Loaded } from "./use_load";

export function Wait<T>({ loaded, children }: { loaded: Loaded<T>; children: (value: T) => ComponentChildren }) {
  if (loaded.state === "loading") return <p aria-live="polite">{t("app.loading")}</p>;
  if (loaded.state === "failed") {
    const error = loaded.error;
    return (
      <p role="alert" class="error">
        {error instanceof SnapshotError
          ? t("app.error", { file: error.path, status: String(error.status) })
          : t("app.error", { file: "?", status: String(error) })}
      </p>
    );
  }
  return <>{children(loaded.value)}</>;
}

export function StatusBadge({ status }: { status: Status }) {
  return (
    <span class={`status status-${status}`}>
      {status === "final" ? "✓ " : "◔ "}
      {t("status.label", { status: t(`status.${status}` as PortalKey) })}
    </span>
  );
}

// "270 of 300 protocols · 90.0 %", honestly rounded (share.ts).
export function shareText(done: number, total: number): string {
  const share = progressShare(done, total);
  const bound = share.bound === "" ? "" : `${share.bound}\u00a0`;
  return `${bound}${formatPercent(share.value, undefined, share.digits)}`;
}

export function ProgressLine({ done, total }: { done: number; total: number }) {
  const share = progressShare(done, total);
  return (
    <div class="progress">
      <p>
        <strong class="progress-count">{t("progress.text", { done, total })}</strong>
        {" · "}
        <span class="progress-share">{t("progress.share", { share: shareText(done, total) })}</span>
      </p>
      <svg class="progress-bar" viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect width="100" height="4" fill="#e4e4e4" />
        <rect width={share.value} height="4" fill="#0072B2" />
      </svg>
      <p class="note">{done < total ? t("progress.missing", { missing: total - done }) : t("progress.complete")}</p>
    </div>
  );
}

// A wide table's box: it scrolls sideways on a narrow screen instead of the page, and can be
// focused to scroll it with the keyboard (it is named by the table it holds).
export function Scroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

export function Num({ value }: { value: number | null | undefined }) {
  return <span class="num">{value === null || value === undefined ? "—" : formatNumber(value)}</span>;
}

export function BallotAccountTable({ account, caption, turnoutReported }: {
  account: Partial<BallotAccount>;
  caption: string;
  turnoutReported?: number | null | undefined;
}) {
  return (
    <table class="figures" data-table="ballot-account">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("unit.line")}</th>
          <th scope="col" class="n">{t("unit.figure")}</th>
        </tr>
      </thead>
      <tbody>
        {kBallotAccountKeys.map((key) => (
          <tr key={key} data-key={key}>
            <th scope="row">{t(`line.${key}`)}</th>
            <td class="n"><Num value={account[key]} /></td>
          </tr>
        ))}
        {turnoutReported !== undefined && (
          <tr data-key="turnout_reported_during_day">
            <th scope="row">{t("line.turnout_reported_during_day")}</th>
            <td class="n"><Num value={turnoutReported} /></td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

// The votes of a row: each choice, then "against all", with the share of the valid ballots.
export function ChoicesTable({ row, parties, caption }: { row: ResultRow; parties: readonly Party[]; caption: string }) {
  const valid = row.ballot_account.valid_ballots;
  const share = (votes: number) => (valid > 0 ? formatPercent((votes * 100) / valid) : "—");
  return (
    <table class="figures" data-table="choices">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("unit.choice")}</th>
          <th scope="col" class="n">{t("list.votes")}</th>
          <th scope="col" class="n">{t("list.percent")}</th>
        </tr>
      </thead>
      <tbody>
        {row.choices.map((choice) => (
          <tr key={choice.name}>
            <th scope="row">
              <Swatch index={partyIndex(parties, choice.name)} /> {choice.name}
            </th>
            <td class="n"><Num value={choice.votes} /></td>
            <td class="n">{share(choice.votes)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">{t("list.against_all")}</th>
          <td class="n"><Num value={row.against_all} /></td>
          <td class="n">{share(row.against_all)}</td>
        </tr>
      </tbody>
    </table>
  );
}

// The heading of a screen, with the synthetic label when the election is synthetic (on every
// page, by the shell) and its status.
// The precincts of a territorial commission or a district: each one's name linking to its
// protocols, its voters and turnout ("—" while its protocol is not in).
export function PrecinctsTable({ caption, precincts }: {
  caption: string;
  precincts: ReadonlyArray<{ territorial: string; row: ResultRow }>;
}) {
  return (
    <Scroll label={t("unit.result")}>
      <table class="figures" data-table="precincts">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("unit.precinct")}</th>
            <th scope="col" class="n">{t("unit.voters")}</th>
            <th scope="col" class="n">{t("turnout.heading")}</th>
          </tr>
        </thead>
        <tbody>
          {precincts.map(({ territorial, row }) => (
            <tr key={row.unit_id}>
              <th scope="row">
                <a href={href({ screen: "precinct", territorial, id: row.unit_id })}>
                  {row.unit_name} <span class="unit-id">{row.unit_id}</span>
                </a>
              </th>
              <td class="n"><Num value={row.ballot_account.voters_on_list} /></td>
              <td class="n">{row.protocols > 0 ? formatPercent(row.turnout_percent) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

export function UnitSummary({ row }: { row: ResultRow }) {
  return (
    <section aria-labelledby="summary-heading" class="summary">
      <h2 id="summary-heading">{t("progress.heading")}</h2>
      <StatusBadge status={row.status} />
      <ProgressLine done={row.protocols} total={row.expected} />
      <p class="turnout">
        <strong>{t("turnout.value", { percent: formatPercent(row.turnout_percent) })}</strong>
        {" · "}
        {t("turnout.detail", { voters: row.ballot_account.voters_on_list })}
      </p>
    </section>
  );
}
