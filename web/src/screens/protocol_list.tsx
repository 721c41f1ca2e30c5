// The protocols of one commission with their double-entry status: what the coordinator works
// through on election night. Usable at 50–100 rows: sort by any column, filter by status or by
// text, and "go to precinct" (type a number or an id, Enter) moves the focus to that
// precinct's first row. Each row offers what the user's role can do next: type an entry, resolve
// a difference, approve; an approved or definitive protocol also its history (versions and
// corrections). A higher commission's own protocols are summary protocols: they are compared
// with the precincts, and approved, on the summary screen.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";

import {
  approve,
  ApiError,
  getCommission,
  getProtocols,
  kEntryStatuses,
  type EntryStatus,
  type ProtocolRow,
  type Role,
} from "../api";
import { t } from "../i18n";
import { mayViewSummaries } from "../reconciliation";
import { differencesHash, entryHash, historyHash, summaryHash } from "../route";
import { session } from "../session";
import { errorText } from "./errors";
import { statusLabel, StatusBadge } from "./status_badge";

type SortKey = "protocol" | "commission" | "contest" | "status";

// The precinct part of a commission id for "go to precinct": "P-0417" matches "417", "0417" and
// "P-0417"; a whole id matches itself.
export function matchesPrecinct(commission: string, typed: string): boolean {
  const wanted = typed.trim().toLowerCase();
  if (wanted === "") return false;
  const id = commission.toLowerCase();
  if (id === wanted) return true;
  const digits = /(\d+)$/.exec(id)?.[1];
  return digits !== undefined && /^\d+$/.test(wanted) && Number(digits) === Number(wanted);
}

function contestText(row: ProtocolRow): string {
  return row.contest.kind === "list"
    ? t("form.contest_list")
    : t("form.contest_district", { district: row.contest.district });
}

function compareRows(a: ProtocolRow, b: ProtocolRow, key: SortKey): number {
  switch (key) {
    case "protocol":
      return a.protocol.localeCompare(b.protocol, undefined, { numeric: true });
    case "commission":
      return a.commission.localeCompare(b.commission, undefined, { numeric: true });
    case "contest":
      return a.contest.district - b.contest.district;
    case "status":
      return kEntryStatuses.indexOf(a.status) - kEntryStatuses.indexOf(b.status);
  }
}

// What a role may do next with a protocol in `status` (the server decides; this only chooses
// which buttons to show).
export function nextActions(role: Role, status: EntryStatus): ("entry1" | "entry2" | "resolve" | "approve")[] {
  if (role === "typist") {
    if (status === "empty" || status === "first_entry_in_progress") return ["entry1"];
    if (status === "first_entry_done" || status === "second_entry_in_progress") return ["entry2"];
    if (status === "first_entry_returned") return ["entry1"];
    return [];
  }
  if (role === "coordinator") {
    if (status === "entries_different" || status === "first_entry_has_errors") return ["resolve"];
    return [];
  }
  if (role === "chair") {
    if (status === "definitive") return ["approve"];
    if (status === "entries_different" || status === "first_entry_has_errors") return ["resolve"];
  }
  return [];
}

export function ProtocolListScreen({ commission }: { commission: string }) {
  const [rows, setRows] = useState<ProtocolRow[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [noticeLink, setNoticeLink] = useState<string | null>(null); // where to go about it
  const [sortKey, setSortKey] = useState<SortKey>("protocol");
  const [ascending, setAscending] = useState(true);
  const [statusFilter, setStatusFilter] = useState<EntryStatus | "">("");
  const [textFilter, setTextFilter] = useState("");
  const [jump, setJump] = useState("");
  const [jumpFailed, setJumpFailed] = useState(false);
  const [higher, setHigher] = useState(false); // a commission above the precincts
  const tableRef = useRef<HTMLTableElement>(null);
  const role = session.value?.role ?? "observer";

  async function load() {
    try {
      setRows(await getProtocols(commission));
      setFailure(null);
    } catch (caught) {
      setFailure(errorText(caught));
    }
  }
  useEffect(() => {
    void load();
    getCommission(commission).then(
      (loaded) => setHigher(loaded.level !== "precinct" && mayViewSummaries(role)),
      () => setHigher(false),
    );
  }, [commission]);

  // A summary protocol: of a commission above the precincts, this one's or one below (the row's
  // level says; a server that does not give it: the commission's own protocols when it is higher).
  const isSummary = (row: ProtocolRow) =>
    row.level !== undefined
      ? row.level !== "precinct" && mayViewSummaries(role)
      : higher && row.commission === commission;

  const shown = useMemo(() => {
    if (rows === null) return [];
    const text = textFilter.trim().toLowerCase();
    const kept = rows.filter(
      (row) =>
        (statusFilter === "" || row.status === statusFilter) &&
        (text === "" || row.protocol.toLowerCase().includes(text)),
    );
    kept.sort((a, b) => (ascending ? 1 : -1) * compareRows(a, b, sortKey));
    return kept;
  }, [rows, sortKey, ascending, statusFilter, textFilter]);

  function sortBy(key: SortKey) {
    if (key === sortKey) setAscending(!ascending);
    else {
      setSortKey(key);
      setAscending(true);
    }
  }

  function goToPrecinct(event: Event) {
    event.preventDefault();
    const index = shown.findIndex((row) => matchesPrecinct(row.commission, jump));
    setJumpFailed(index < 0);
    if (index < 0) return;
    const target = tableRef.current?.querySelectorAll<HTMLElement>("tbody tr")[index];
    target?.focus();
    target?.scrollIntoView({ block: "center" });
  }

  async function doApprove(row: ProtocolRow) {
    setNoticeLink(null);
    try {
      await approve(row.protocol, row.version);
      setNotice(t("list.approved", { protocol: row.protocol }));
    } catch (caught) {
      if (caught instanceof ApiError && caught.isConflict) {
        setNotice(t("list.stale", { protocol: row.protocol }));
      } else if (caught instanceof ApiError && caught.needsDecision) {
        // A summary protocol (of this commission or one below) that differs from its precincts.
        setNotice(t("list.needs_decision", { protocol: row.protocol }));
        setNoticeLink(summaryHash(row.commission));
      } else {
        setNotice(errorText(caught));
      }
    }
    await load();
  }

  function header(key: SortKey, label: string) {
    const sorted = key === sortKey;
    return (
      <th scope="col" aria-sort={sorted ? (ascending ? "ascending" : "descending") : "none"}>
        <button type="button" class="sort" onClick={() => sortBy(key)}>
          {label}
          <span aria-hidden="true">{sorted ? (ascending ? " ▲" : " ▼") : ""}</span>
        </button>
      </th>
    );
  }

  return (
    <section aria-labelledby="list-heading">
      <h1 id="list-heading">{t("list.heading", { commission })}</h1>
      {higher ? (
        <p>
          <a href={summaryHash(commission)}>{t("dashboard.summary")}</a>
        </p>
      ) : null}
      <div class="list-controls">
        <div>
          <label for="list-status">{t("list.filter_status")}</label>
          <select
            id="list-status"
            value={statusFilter}
            onChange={(event) => setStatusFilter(event.currentTarget.value as EntryStatus | "")}
          >
            <option value="">{t("list.all_statuses")}</option>
            {kEntryStatuses.map((status) => (
              <option value={status}>{statusLabel(status)}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="list-text">{t("list.filter_text")}</label>
          <input
            id="list-text"
            autocomplete="off"
            spellcheck={false}
            value={textFilter}
            onInput={(event) => setTextFilter(event.currentTarget.value)}
          />
        </div>
        <form class="goto" onSubmit={goToPrecinct}>
          <label for="list-jump">{t("list.jump")}</label>
          <input
            id="list-jump"
            autocomplete="off"
            inputMode="numeric"
            aria-describedby={jumpFailed ? "list-jump-error" : undefined}
            value={jump}
            onInput={(event) => setJump(event.currentTarget.value)}
          />
          <button type="submit">{t("form.goto_button")}</button>
          {jumpFailed ? (
            <span id="list-jump-error" class="field-error" role="alert">
              {t("list.jump_unknown", { precinct: jump })}
            </span>
          ) : null}
        </form>
      </div>
      {notice !== null ? (
        <div class="message ok" role="status">
          <p>
            {notice}
            {noticeLink !== null ? (
              <>
                {" "}
                <a href={noticeLink}>{t("list.summary")}</a>
              </>
            ) : null}
          </p>
        </div>
      ) : null}
      {failure !== null ? (
        <div class="message error" role="alert">
          <p>{t("list.load_failed", { reason: failure })}</p>
        </div>
      ) : null}
      {rows === null && failure === null ? <p>{t("app.loading")}</p> : null}
      {rows !== null ? (
        <>
          <p class="hint" role="status">
            {t("list.count", { shown: shown.length, total: rows.length })}
          </p>
          <table class="protocols" ref={tableRef}>
            <caption class="visually-hidden">{t("list.caption", { commission })}</caption>
            <thead>
              <tr>
                {header("protocol", t("list.col_protocol"))}
                {header("commission", t("list.col_commission"))}
                {header("contest", t("list.col_contest"))}
                {header("status", t("list.col_status"))}
                <th scope="col">{t("list.col_actions")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr tabIndex={-1} data-protocol={row.protocol}>
                  <th scope="row">{row.protocol}</th>
                  <td>{row.commission}</td>
                  <td>{contestText(row)}</td>
                  <td>
                    <StatusBadge status={row.status} />
                  </td>
                  <td>
                    <div class="actions">
                      {nextActions(role, row.status).map((action) => {
                        if (action === "approve" && isSummary(row)) return null;
                        if (action === "entry1" || action === "entry2") {
                          const number = action === "entry1" ? 1 : 2;
                          return (
                            <a class="button" href={entryHash(row.protocol, number)}>
                              {t(number === 1 ? "list.type_entry_1" : "list.type_entry_2")}
                            </a>
                          );
                        }
                        if (action === "resolve") {
                          return (
                            <a class="button" href={differencesHash(row.protocol)}>
                              {t("list.resolve")}
                            </a>
                          );
                        }
                        return (
                          <button type="button" onClick={() => void doApprove(row)}>
                            {t("list.approve")}
                          </button>
                        );
                      })}
                      {isSummary(row) ? (
                        <a class="button" href={summaryHash(row.commission)}>
                          {t("list.summary")}
                        </a>
                      ) : null}
                      {row.status === "approved" || row.status === "definitive" ? (
                        <a class="button secondary" href={historyHash(row.protocol)}>
                          {t("list.history")}
                        </a>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
