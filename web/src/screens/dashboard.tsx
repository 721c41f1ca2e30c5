// My commission's dashboard: how many protocols of the commission and everything below it are
// not started, in first entry, in second entry, different, with errors, definitive and approved.
// The counts come from GET /progress and are kept current by the server's "progress" events
// (Server-Sent Events on GET /events: each "protocol" event, a command on a protocol below, brings
// a fresh count, at most twice a second); a bar draws them, and a table gives the same figures to
// a screen reader and to anyone who prefers numbers.
import { useEffect, useState } from "preact/hooks";

import { eventsPath, getProgress, kProgressGroups, type Progress } from "../api";
import { formatNumber, t } from "../i18n";
import { session } from "../session";
import { errorText } from "./errors";
import { groupLabel } from "./status_badge";
import { protocolsHash } from "../route";

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
  const [live, setLive] = useState(false);

  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const load = () => {
      timer = undefined;
      getProgress(commission).then(
        (loaded) => {
          if (!stopped) setProgress(loaded);
        },
        (caught: unknown) => {
          if (!stopped) setFailure(errorText(caught));
        },
      );
    };
    load();
    if (typeof EventSource === "undefined") return () => void (stopped = true);
    const events = new EventSource(eventsPath(commission));
    events.addEventListener("open", () => setLive(true));
    events.addEventListener("error", () => setLive(false));
    events.addEventListener("protocol", () => {
      if (timer === undefined) timer = window.setTimeout(load, 500);
    });
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      events.close();
    };
  }, [commission]);

  return (
    <section aria-labelledby="dashboard-heading">
      <h1 id="dashboard-heading">{t("dashboard.heading", { commission })}</h1>
      <p>
        <a href={protocolsHash(commission)}>{t("dashboard.open_list")}</a>
      </p>
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
