// A protocol's history and its correction by decision: the approved versions, newest first, with
// who typed and approved each and the decision behind it, and per version the lines it changed
// (previous figure → new figure). While a correction cycle is under way, its decision; once the
// corrected figures are definitive, where they differ from the version in force, shown before the
// chair approves them here. For the chair, an approved protocol can be corrected by a decision
// (number, date, commission, reason), sent with the protocol's version (If-Match).
import { useEffect, useState } from "preact/hooks";

import {
  ApiError,
  approve,
  correct,
  getForm,
  getUsers,
  getVersions,
  type Decision,
  type DecisionField,
  type FormLine,
  type ProtocolVersion,
  type VersionHistory,
} from "../api";
import { formatNumber, lineLabel, t } from "../i18n";
import {
  decisionProblems,
  pendingChanges,
  trimmedDecision,
  versionSteps,
  type DecisionProblem,
  type LineChange,
  type VersionStep,
} from "../reconciliation";
import { protocolsHash } from "../route";
import { session } from "../session";
import { DecisionFields, emptyDecision, focusFirstProblem } from "./decision_form";
import { errorText } from "./errors";
import { useFocusOnMount } from "./focus";
import { useProtocolEvents } from "./live";
import { StatusBadge } from "./status_badge";

function figure(value: number | null | undefined): string {
  return value === null || value === undefined ? t("resolve.blank") : formatNumber(value);
}

// A decision's four fields as a list of terms.
export function DecisionView({ decision }: { decision: Decision }) {
  return (
    <dl class="decision-view">
      <dt>{t("decision.number")}</dt>
      <dd>{decision.number}</dd>
      <dt>{t("decision.date")}</dt>
      <dd>
        <time dateTime={decision.date}>{decision.date}</time>
      </dd>
      <dt>{t("decision.commission")}</dt>
      <dd>{decision.commission}</dd>
      <dt>{t("decision.reason")}</dt>
      <dd>{decision.reason}</dd>
    </dl>
  );
}

// The changed lines: previous figure → new figure.
function ChangesTable({
  changes,
  caption,
  before,
  after,
}: {
  changes: LineChange[];
  caption: string;
  before: string;
  after: string;
}) {
  return (
    <div class="table-scroll">
      <table class="figures figures-2 changes">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="line-number">
              {t("form.col_number")}
            </th>
            <th scope="col">{t("form.col_line")}</th>
            <th scope="col" class="figure">
              {before}
            </th>
            <th scope="col" class="figure">
              {after}
            </th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr data-key={change.key}>
              <td class="line-number">{change.number ?? ""}</td>
              <th scope="row" class="label">
                {lineLabel(change.key, change.label)}
              </th>
              <td class="figure">{figure(change.before)}</td>
              <td class="figure">
                <span aria-hidden="true" class="arrow">
                  →{" "}
                </span>
                <strong>{figure(change.after)}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function HistoryScreen({ protocol }: { protocol: string }) {
  const user = session.value;
  const commission = protocol.split(":")[0] ?? "";
  const [history, setHistory] = useState<VersionHistory | null>(null);
  const [form, setForm] = useState<FormLine[] | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const headingRef = useFocusOnMount<HTMLHeadingElement>();

  async function load() {
    try {
      setHistory(await getVersions(protocol));
      setFailure(null);
    } catch (caught) {
      setFailure(errorText(caught));
    }
  }
  useEffect(() => {
    void load();
    getForm(protocol).then(
      (loaded) => setForm(loaded.lines),
      () => setForm(null),
    );
    // Who typed and approved, by name where the user may list the accounts.
    if (user?.role === "administrator" || user?.role === "chair" || user?.role === "coordinator") {
      getUsers().then(
        (users) => setNames(new Map(users.map((account) => [account.id, `${account.name} (${account.login})`]))),
        () => setNames(new Map()),
      );
    }
  }, [protocol]);

  // Another user's command on this protocol (an entry finished, an approval, a correction
  // opened) shows at once.
  useProtocolEvents(commission, () => void load(), protocol);

  function userText(id: string | null): string {
    if (id === null || id === "") return t("history.nobody");
    return names.get(id) ?? t("history.user", { id });
  }

  const isChair = user?.role === "chair";
  const steps = history !== null ? versionSteps(history, form) : [];
  const pending = history !== null ? pendingChanges(history, form) : null;
  const inForce = history?.versions.at(-1);

  return (
    <section aria-labelledby="history-heading">
      <h1 id="history-heading" tabIndex={-1} ref={headingRef}>
        {t("history.heading", { protocol })}
      </h1>
      <p>
        <a href={protocolsHash(commission)}>{t("resolve.back")}</a>
      </p>
      {failure !== null ? (
        <div class="message error" role="alert">
          <p>{t("history.load_failed", { reason: failure })}</p>
        </div>
      ) : null}
      {notice !== null ? (
        <div class="message ok" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      {history === null && failure === null ? <p>{t("app.loading")}</p> : null}
      {history !== null ? (
        <>
          <p>
            {t("history.status")} <StatusBadge status={history.status} />
          </p>
          {history.correction !== null ? (
            <section class="card correction-under-way" aria-labelledby="correction-heading">
              <h2 id="correction-heading">{t("history.correction_heading")}</h2>
              <DecisionView decision={history.correction} />
              <p>{t("history.correction")}</p>
            </section>
          ) : null}
          {history.status === "definitive" ? (
            <section class="card pending" aria-labelledby="pending-heading">
              <h2 id="pending-heading">{t("history.pending_heading")}</h2>
              {inForce === undefined ? <p>{t("history.pending_first")}</p> : null}
              {pending !== null && pending.length === 0 ? <p>{t("history.pending_same")}</p> : null}
              {pending !== null && pending.length > 0 && inForce !== undefined ? (
                <>
                  <p>{t("history.pending_count", { count: pending.length })}</p>
                  <ChangesTable
                    changes={pending}
                    caption={t("history.pending_caption", { number: inForce.number })}
                    before={t("history.col_in_force")}
                    after={t("history.col_pending")}
                  />
                </>
              ) : null}
              {isChair ? (
                <ApproveForm
                  protocol={protocol}
                  version={history.version}
                  onDone={(text) => {
                    setNotice(text);
                    void load();
                    document.getElementById("history-heading")?.focus();
                  }}
                  reload={() => void load()}
                />
              ) : null}
            </section>
          ) : null}
          <h2>{t("history.versions_heading")}</h2>
          {history.versions.length === 0 ? <p>{t("history.none")}</p> : null}
          {[...history.versions].reverse().map((version) => (
            <VersionCard
              key={version.number}
              version={version}
              step={steps.find((step) => step.number === version.number)}
              inForce={version === inForce}
              form={form}
              userText={userText}
            />
          ))}
          {isChair && history.status === "approved" ? (
            <CorrectionForm
              protocol={protocol}
              version={history.version}
              commission={user?.commission ?? ""}
              onDone={(text) => {
                setNotice(text);
                void load();
                document.getElementById("history-heading")?.focus();
              }}
              reload={() => void load()}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function VersionCard({
  version,
  step,
  inForce,
  form,
  userText,
}: {
  version: ProtocolVersion;
  step: VersionStep | undefined;
  inForce: boolean;
  form: FormLine[] | null;
  userText: (id: string | null) => string;
}) {
  const headingId = `version-${version.number}`;
  const lines = form ?? Object.keys(version.values).map((key) => ({ key, label: key, number: null }));
  return (
    <section class="card version" aria-labelledby={headingId} data-version={version.number}>
      <h3 id={headingId}>
        {t("history.version_heading", { number: version.number })}
        {inForce ? <span class="in-force"> {t("history.in_force")}</span> : null}
      </h3>
      <dl class="version-facts">
        <dt>{t("history.first_typist")}</dt>
        <dd>{userText(version.first_typist)}</dd>
        <dt>{t("history.second_typist")}</dt>
        <dd>{userText(version.second_typist)}</dd>
        <dt>{t("history.approved_by")}</dt>
        <dd>{userText(version.approved_by)}</dd>
        <dt>{t("history.decision")}</dt>
        <dd>
          {version.decision !== null ? <DecisionView decision={version.decision} /> : t("history.no_decision")}
        </dd>
        {version.reconciliation !== null ? (
          <>
            <dt>{t("history.reconciliation")}</dt>
            <dd>
              <DecisionView decision={version.reconciliation} />
            </dd>
          </>
        ) : null}
      </dl>
      {step !== undefined && step.previous !== null ? (
        step.changes.length > 0 ? (
          <ChangesTable
            changes={step.changes}
            caption={t("history.changes_caption", { previous: step.previous })}
            before={t("history.col_previous")}
            after={t("history.col_new")}
          />
        ) : (
          <p>{t("history.no_changes", { previous: step.previous })}</p>
        )
      ) : null}
      <details>
        <summary>{t("history.all_figures", { number: version.number })}</summary>
        <table class="figures figures-1">
          <caption class="visually-hidden">{t("history.all_figures", { number: version.number })}</caption>
          <thead>
            <tr>
              <th scope="col" class="line-number">
                {t("form.col_number")}
              </th>
              <th scope="col">{t("form.col_line")}</th>
              <th scope="col" class="figure">
                {t("form.col_value")}
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr>
                <td class="line-number">{line.number ?? ""}</td>
                <th scope="row" class="label">
                  {lineLabel(line.key, line.label)}
                </th>
                <td class="figure">{figure(version.values[line.key])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

type Problems = Partial<Record<DecisionField, DecisionProblem>>;

// Approving the figures awaiting approval. A summary protocol that differs from its precincts is
// refused without a decision (422, field "decision"): the decision's fields then appear here.
function ApproveForm({
  protocol,
  version,
  onDone,
  reload,
}: {
  protocol: string;
  version: number;
  onDone: (notice: string) => void;
  reload: () => void;
}) {
  const [asked, setAsked] = useState(false);
  const [decision, setDecision] = useState<Decision>(emptyDecision(session.value?.commission ?? ""));
  const [problems, setProblems] = useState<Problems>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const prefix = "approve-decision";

  useEffect(() => {
    if (refusal !== null) document.getElementById(`${prefix}-number`)?.focus();
  }, [refusal]);

  async function submit(event: Event) {
    event.preventDefault();
    let sent: Decision | undefined;
    if (asked) {
      const found = decisionProblems(decision);
      setProblems(found);
      if (Object.keys(found).length > 0) {
        focusFirstProblem(prefix, found);
        return;
      }
      sent = trimmedDecision(decision);
    }
    try {
      await approve(protocol, version, sent);
      onDone(t("list.approved", { protocol }));
    } catch (caught) {
      if (caught instanceof ApiError && caught.needsDecision) {
        setAsked(true);
        setRefusal(t("summary.decision_refused", { reason: caught.message }));
      } else if (caught instanceof ApiError && caught.isConflict) {
        setError(t("history.stale"));
        reload();
      } else {
        setError(errorText(caught));
      }
    }
  }

  return (
    <form class="approve-form" noValidate onSubmit={(event) => void submit(event)}>
      {error !== null ? (
        <div class="message error" role="alert">
          <p>{error}</p>
        </div>
      ) : null}
      {asked ? (
        <DecisionFields
          prefix={prefix}
          decision={decision}
          problems={problems}
          refusal={refusal}
          onChange={(next) => {
            setDecision(next);
            if (Object.keys(problems).length > 0) setProblems(decisionProblems(next));
          }}
        />
      ) : null}
      <button type="submit">{t("list.approve")}</button>
    </form>
  );
}

// The chair's correction of an approved protocol by a decision.
function CorrectionForm({
  protocol,
  version,
  commission,
  onDone,
  reload,
}: {
  protocol: string;
  version: number;
  commission: string;
  onDone: (notice: string) => void;
  reload: () => void;
}) {
  const [decision, setDecision] = useState<Decision>(emptyDecision(commission));
  const [problems, setProblems] = useState<Problems>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const prefix = "correction";

  async function submit(event: Event) {
    event.preventDefault();
    const found = decisionProblems(decision);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      focusFirstProblem(prefix, found);
      return;
    }
    setBusy(true);
    try {
      await correct(protocol, version, trimmedDecision(decision));
      setRefusal(null);
      onDone(t("history.corrected"));
    } catch (caught) {
      setRefusal(caught instanceof ApiError && caught.isConflict ? t("history.stale") : errorText(caught));
      document.getElementById(`${prefix}-number`)?.focus();
      reload();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card correction-form" aria-labelledby="correct-heading">
      <h2 id="correct-heading">{t("history.correct_heading")}</h2>
      <p>{t("history.correct_explain")}</p>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <DecisionFields
          prefix={prefix}
          decision={decision}
          problems={problems}
          refusal={refusal}
          onChange={(next) => {
            setDecision(next);
            if (Object.keys(problems).length > 0) setProblems(decisionProblems(next));
          }}
        />
        <button type="submit" disabled={busy}>
          {t("history.correct_submit")}
        </button>
      </form>
    </section>
  );
}
