// The audit log: the events of the store's hash chain (logins, failed logins, account changes,
// every entry claimed, saved, finalised or discarded, resolutions, approvals, corrections,
// scans), newest first, filtered by kind, user, commission and time. What a user may see is
// decided by the server (docs/roles.md: the events of their commission and below); this
// screen only asks.
import { useEffect, useState } from "preact/hooks";

import { getAudit, kAuditKinds, type AuditFilter, type AuditKind, type AuditRow } from "../api";
import { en } from "../i18n/en";
import { t, type MessageKey } from "../i18n";
import { session } from "../session";
import { errorText } from "./errors";

// "2026-12-07T02:00" (a datetime-local input, read as UTC) -> "2026-12-07T02:00:00Z".
export function toEventTime(local: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00Z` : "";
}

// The kind's label; a kind this catalogue does not know yet is shown as the server names it.
export function kindLabel(kind: string): string {
  const key = `audit.kind.${kind}`;
  return key in en ? t(key as MessageKey) : kind;
}

function detailsText(details: Record<string, string>): string {
  return Object.entries(details)
    .map(([name, value]) => `${name}: ${value}`)
    .join(" · ");
}

export function AuditLogScreen() {
  const own = session.value?.commission ?? "";
  const [kind, setKind] = useState<AuditKind | "">("");
  const [user, setUser] = useState("");
  const [commission, setCommission] = useState(own);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [events, setEvents] = useState<AuditRow[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function load() {
    const filter: AuditFilter = { commission: commission.trim(), user: user.trim() };
    if (kind !== "") filter.kind = kind;
    filter.from = toEventTime(from);
    filter.to = toEventTime(to);
    try {
      const loaded = await getAudit(filter);
      setEvents([...loaded.events].sort((a, b) => b.entry - a.entry));
      setFailure(null);
    } catch (caught) {
      setFailure(errorText(caught));
    }
  }
  useEffect(() => {
    void load();
  }, []);

  return (
    <section aria-labelledby="audit-heading">
      <h1 id="audit-heading">{t("audit.heading")}</h1>
      <form
        class="list-controls"
        onSubmit={(event) => {
          event.preventDefault();
          void load();
        }}
      >
        <div>
          <label for="audit-kind">{t("audit.kind")}</label>
          <select id="audit-kind" value={kind} onChange={(event) => setKind(event.currentTarget.value as AuditKind | "")}>
            <option value="">{t("audit.all_kinds")}</option>
            {kAuditKinds.map((name) => (
              <option value={name}>{kindLabel(name)}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="audit-user">{t("audit.user")}</label>
          <input id="audit-user" autocomplete="off" value={user} onInput={(event) => setUser(event.currentTarget.value)} />
        </div>
        <div>
          <label for="audit-commission">{t("audit.commission")}</label>
          <input
            id="audit-commission"
            autocomplete="off"
            value={commission}
            onInput={(event) => setCommission(event.currentTarget.value)}
          />
        </div>
        <div>
          <label for="audit-from">{t("audit.from")}</label>
          <input id="audit-from" type="datetime-local" value={from} onInput={(event) => setFrom(event.currentTarget.value)} />
        </div>
        <div>
          <label for="audit-to">{t("audit.to")}</label>
          <input id="audit-to" type="datetime-local" value={to} onInput={(event) => setTo(event.currentTarget.value)} />
        </div>
        <button type="submit">{t("audit.apply")}</button>
      </form>
      <p class="hint">{t("audit.utc")}</p>
      {failure !== null ? (
        <div class="message error" role="alert">
          <p>{t("audit.load_failed", { reason: failure })}</p>
        </div>
      ) : null}
      {events !== null ? (
        <>
          <p class="hint" role="status">
            {t("audit.count", { count: events.length })}
          </p>
          <table class="protocols audit">
            <caption class="visually-hidden">{t("audit.heading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("audit.col_entry")}</th>
                <th scope="col">{t("audit.col_time")}</th>
                <th scope="col">{t("audit.kind")}</th>
                <th scope="col">{t("audit.user")}</th>
                <th scope="col">{t("audit.commission")}</th>
                <th scope="col">{t("audit.col_address")}</th>
                <th scope="col">{t("audit.col_details")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr>
                  <th scope="row" class="number">
                    {event.entry}
                  </th>
                  <td>
                    <time dateTime={event.time}>{event.time.replace("T", " ").replace("Z", "")}</time>
                  </td>
                  <td>{kindLabel(event.kind)}</td>
                  <td>{event.user}</td>
                  <td>{event.commission}</td>
                  <td>{event.client_address ?? "—"}</td>
                  <td class="details">{detailsText(event.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
