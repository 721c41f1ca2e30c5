// My commission's dashboard: how many protocols of the commission and everything below it are
// not started, in first entry, in second entry, different, with errors, definitive and approved.
// The counts come from GET /progress and are kept current by the server's "progress" events
// (Server-Sent Events on GET /events: each "protocol" event, a command on a protocol below, brings
// a fresh count, at most twice a second); a bar draws them, and a table gives the same figures to
// a screen reader and to anyone who prefers numbers. A higher commission's dashboard leads to
// its summary protocols compared with the precincts.
import { useEffect, useState } from "preact/hooks";

import { getCommission, getProgress, kProgressGroups, type Progress } from "../api";
import { formatNumber, t } from "../i18n";
import { session } from "../session";
import { errorText } from "./errors";
import { useProtocolEvents } from "./live";
import { groupLabel } from "./status_badge";
import { mayViewSummaries } from "../reconciliation";
import { protocolsHash, summaryHash } from "../route";

// "12 of 40": a share written so that it never rounds to 0 % after the first protocol or to
// 100 % before the last.
export function shareText(count: number, total: number): string {
  if (total === 0) return "—";
  let percent = Math.round((count * 100) / total);
  if (count > 0 && percent === 0) percent = 1;
  if (count < total && percent === 100) percent = 99;
  return `${formatNumber(percent)} %`;
}

export function DashboardScreen() {
  const commission = session.value?.commission ?? "";
  const [progress, setProgress] = useState<Progress | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [level, setLevel] = useState<string | null>(null);

  const load = () => {
    getProgress(commission).then(setProgress, (caught: unknown) => setFailure(errorText(caught)));
  };
  useEffect(() => {
    load();
    // A higher commission has summary protocols to compare with its precincts.
    getCommission(commission).then(
      (loaded) => setLevel(loaded.level),
      () => setLevel(null),
    );
  }, [commission]);
  const live = useProtocolEvents(commission, load);

  return (
    <section aria-labelledby="dashboard-heading">
      <h1 id="dashboard-heading">{t("dashboard.heading", { commission })}</h1>
      <p>
        <a href={protocolsHash(commission)}>{t("dashboard.open_list")}</a>
      </p>
      {level !== null && level !== "precinct" && mayViewSummaries(session.value?.role) ? (
        <p>
          <a href={summaryHash(commission)}>{t("dashboard.summary")}</a>
        </p>
      ) : null}
      {failure !== null ? (
        <div class="message error" role="alert">
          <p>{t("dashboard.load_failed", { reason: failure })}</p>
        </div>
      ) : null}
      {progress === null && failure === null ? <p>{t("app.loading")}</p> : null}
      {progress !== null ? <ProgressView progress={progress} live={live} /> : null}
    </section>
  );
}

function ProgressView({ progress, live }: { progress: Progress; live: boolean }) {
  const total = progress.total;
  return (
    <>
      <p class="progress-total">
        {t("dashboard.total", { total })}{" "}
        <span class="hint">{live ? t("dashboard.live") : t("dashboard.not_live")}</span>
      </p>
      <div class="progress-bar" aria-hidden="true">
        {kProgressGroups.map((group) =>
          progress.counts[group] > 0 ? (
            <span
              class={`status-${group}`}
              style={{ flexGrow: progress.counts[group] }}
              title={`${groupLabel(group)}: ${formatNumber(progress.counts[group])}`}
            />
          ) : null,
        )}
      </div>
      <table class="progress-table">
        <caption class="visually-hidden">{t("dashboard.table_caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("dashboard.col_group")}</th>
            <th scope="col" class="number">
              {t("dashboard.col_count")}
            </th>
            <th scope="col" class="number">
              {t("dashboard.col_share")}
            </th>
          </tr>
        </thead>
        <tbody aria-live="polite">
          {kProgressGroups.map((group) => (
            <tr>
              <th scope="row">
                <span class={`swatch status-${group}`} aria-hidden="true" />
                {groupLabel(group)}
              </th>
              <td class="number">{formatNumber(progress.counts[group])}</td>
              <td class="number">{shareText(progress.counts[group], total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
