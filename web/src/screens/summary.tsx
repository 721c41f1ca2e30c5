// A higher commission's summary protocols against its precincts: each summary protocol (which
// goes through the same double entry) beside the sum of the precinct protocols approved below
// it, line by line in the paper's order, with the signed difference; a differing line is marked
// by a word and an icon as well as a colour, an equal one by a tick. The screen is kept current
// by the server's events (a precinct approved below changes the sums). When the summary is
// definitive, the chair approves it here; when it differs from the sum, the approval carries the
// commission's decision that explains the difference (the server refuses it without one: 422,
// field "decision", shown at the decision form).
import { useEffect, useRef, useState } from "preact/hooks";

import {
  ApiError,
  approve,
  getForm,
  getSummaries,
  type Decision,
  type DecisionField,
  type FormLine,
  type Summary,
} from "../api";
import { formatNumber, lineLabel, t } from "../i18n";
import {
  decisionProblems,
  needsDecision,
  signedNumber,
  summaryRows,
  trimmedDecision,
  type DecisionProblem,
  type LineComparison,
} from "../reconciliation";
import { historyHash, protocolsHash } from "../route";
import { session } from "../session";
import { DecisionFields, emptyDecision, focusFirstProblem } from "./decision_form";
import { errorText } from "./errors";
import { useFocusOnMount } from "./focus";
import { useProtocolEvents } from "./live";
import { StatusBadge } from "./status_badge";

function figure(value: number | null): string {
  return value === null ? t("summary.no_figure") : formatNumber(value);
}

type MarkKey = "summary.equal" | "summary.differs_mark" | "summary.not_compared";

const kMarks: Record<LineComparison, { icon: string; text: MarkKey }> = {
  equal: { icon: "✓", text: "summary.equal" },
  differs: { icon: "✕", text: "summary.differs_mark" },
  not_compared: { icon: "○", text: "summary.not_compared" },
};

function Mark({ comparison }: { comparison: LineComparison }) {
  const mark = kMarks[comparison];
  return (
    <span class={`mark mark-${comparison}`}>
      <span aria-hidden="true">{mark.icon} </span>
      {t(mark.text)}
    </span>
  );
}

export function SummaryScreen({ commission }: { commission: string }) {
  const [summaries, setSummaries] = useState<Summary[] | null>(null);
  const [forms, setForms] = useState<Record<string, FormLine[] | null>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const loadedForms = useRef<Record<string, FormLine[] | null>>({});
  const headingRef = useFocusOnMount<HTMLHeadingElement>();

  async function load() {
    try {
      const loaded = await getSummaries(commission);
      // Each summary protocol's form once (its lines' numbers and labels); without it the
      // lines are shown by key.
      const missing = loaded.filter((summary) => !(summary.protocol in loadedForms.current));
      if (missing.length > 0) {
        const answers = await Promise.allSettled(missing.map((summary) => getForm(summary.protocol)));
        missing.forEach((summary, index) => {
          const answer = answers[index];
          loadedForms.current[summary.protocol] = answer?.status === "fulfilled" ? answer.value.lines : null;
        });
        setForms({ ...loadedForms.current });
      }
      setSummaries(loaded);
      setFailure(null);
    } catch (caught) {
      setFailure(errorText(caught));
    }
  }
  useEffect(() => {
    void load();
  }, [commission]);
  const live = useProtocolEvents(commission, () => void load());

  return (
    <section aria-labelledby="summary-heading">
      <h1 id="summary-heading" tabIndex={-1} ref={headingRef}>
        {t("summary.heading", { commission })}
      </h1>
      <p>
        <a href={protocolsHash(commission)}>{t("resolve.back")}</a>
      </p>
      <p>
        {t("summary.explain")} <span class="hint">{live ? t("dashboard.live") : t("dashboard.not_live")}</span>
      </p>
      {failure !== null ? (
        <div class="message error" role="alert">
          <p>{t("summary.load_failed", { reason: failure })}</p>
        </div>
      ) : null}
      {summaries === null && failure === null ? <p>{t("app.loading")}</p> : null}
      {summaries !== null && summaries.length === 0 ? <p>{t("summary.none", { commission })}</p> : null}
      {(summaries ?? []).map((summary) => (
        <SummaryCard
          key={summary.protocol}
          summary={summary}
          form={forms[summary.protocol] ?? null}
          onChanged={() => void load()}
        />
      ))}
    </section>
  );
}

function contestText(summary: Summary): string {
  return summary.contest.kind === "list"
    ? t("form.contest_list")
    : t("form.contest_district", { district: summary.contest.district });
}

// An id for elements of one summary protocol ("TEC-1:list" → "TEC-1-list").
function idOf(protocol: string): string {
  return protocol.replace(/[^A-Za-z0-9-]/g, "-");
}

function SummaryCard({
  summary,
  form,
  onChanged,
}: {
  summary: Summary;
  form: FormLine[] | null;
  onChanged: () => void;
}) {
  const user = session.value;
  const [decision, setDecision] = useState<Decision>(emptyDecision(user?.commission ?? ""));
  const [problems, setProblems] = useState<Partial<Record<DecisionField, DecisionProblem>>>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [asked, setAsked] = useState(false); // the server asked for a decision
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = idOf(summary.protocol);
  const prefix = `decision-${id}`;
  const headingId = `summary-${id}`;

  useEffect(() => {
    if (refusal !== null) document.getElementById(`${prefix}-number`)?.focus();
  }, [refusal]);

  const rows = summaryRows(summary, form);
  const canApprove = user?.role === "chair" && summary.status === "definitive";
  const withDecision = needsDecision(summary) || asked;

  async function submit(event: Event) {
    event.preventDefault();
    let sent: Decision | undefined;
    if (withDecision) {
      const found = decisionProblems(decision);
      setProblems(found);
      if (Object.keys(found).length > 0) {
        focusFirstProblem(prefix, found);
        return;
      }
      sent = trimmedDecision(decision);
    }
    setBusy(true);
    try {
      await approve(summary.protocol, summary.version, sent);
      setNotice(t("summary.approved", { protocol: summary.protocol }));
      setRefusal(null);
      setError(null);
      // The form goes away with the approval: the focus goes back to the summary's heading.
      document.getElementById(headingId)?.focus();
    } catch (caught) {
      if (caught instanceof ApiError && caught.needsDecision) {
        setAsked(true);
        setRefusal(t("summary.decision_refused", { reason: caught.message }));
      } else if (caught instanceof ApiError && caught.isConflict) {
        setError(t("summary.stale"));
      } else {
        setError(errorText(caught));
      }
    } finally {
      setBusy(false);
    }
    onChanged();
  }

  const differing = rows.filter((row) => row.comparison === "differs").length;
  return (
    <section class="card summary" aria-labelledby={headingId} data-protocol={summary.protocol}>
      <h2 id={headingId} tabIndex={-1}>
        {t("summary.protocol_heading", { protocol: summary.protocol })}
      </h2>
      <p class="summary-facts">
        <span>{contestText(summary)}</span> <StatusBadge status={summary.status} />{" "}
        <span class="children">
          {t("summary.children", { children: summary.children, expected: summary.expected })}
        </span>
      </p>
      <p class="hint">{t(`summary.compared_${summary.compared}`)}</p>
      {summary.compared !== "none" ? (
        summary.matches ? (
          <p class="verdict verdict-equal">
            <span aria-hidden="true">✓ </span>
            {t("summary.matches")}
          </p>
        ) : (
          <p class="verdict verdict-differs">
            <span aria-hidden="true">✕ </span>
            {t("summary.differs", { count: differing })}
          </p>
        )
      ) : null}
      <p>
        <a href={historyHash(summary.protocol)}>{t("summary.history", { protocol: summary.protocol })}</a>
      </p>
      {notice !== null ? (
        <div class="message ok" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      {error !== null ? (
        <div class="message error" role="alert">
          <p>{error}</p>
        </div>
      ) : null}
      <div class="table-scroll">
        <table class="figures figures-3">
          <caption class="visually-hidden">{t("summary.caption", { protocol: summary.protocol })}</caption>
          <thead>
            <tr>
              <th scope="col" class="line-number">
                {t("form.col_number")}
              </th>
              <th scope="col">{t("form.col_line")}</th>
              <th scope="col" class="figure">
                {t("summary.col_summary")}
              </th>
              <th scope="col" class="figure">
                {t("summary.col_children")}
              </th>
              <th scope="col" class="figure">
                {t("summary.col_difference")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr class={row.comparison} data-key={row.key}>
                <td class="line-number">{row.number ?? ""}</td>
                <th scope="row" class="label">
                  {lineLabel(row.key, row.label)}
                </th>
                <td class="figure">{figure(row.summary)}</td>
                <td class="figure">{figure(row.children)}</td>
                <td class="figure difference">
                  {row.difference !== null ? <span class="signed">{signedNumber(row.difference)}</span> : null}
                  {summary.compared !== "none" ? <Mark comparison={row.comparison} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canApprove ? (
        <form class="approve-form" noValidate onSubmit={(event) => void submit(event)}>
          {withDecision ? (
            <>
              <p>{t("summary.decision_needed")}</p>
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
            </>
          ) : null}
          <button type="submit" disabled={busy}>
            {withDecision ? t("summary.approve_with_decision") : t("summary.approve")}
          </button>
        </form>
      ) : null}
    </section>
  );
}
