// The four fields of a commission's decision (number, date, commission, reason), each labelled,
// each with its own message when it is blank or wrong, for the two places the chair records
// one: approving a summary protocol that differs from its precincts, and correcting an approved
// protocol. The server's refusal of the decision (422, field "decision") is shown inside.
import { kDecisionFields, type Decision, type DecisionField } from "../api";
import { t, type MessageKey } from "../i18n";
import type { DecisionProblem } from "../reconciliation";

export function emptyDecision(commission: string): Decision {
  return { number: "", date: "", commission, reason: "" };
}

export function problemText(field: DecisionField, problem: DecisionProblem): string {
  return problem === "bad_date" ? t("decision.bad_date") : t(`decision.blank_${field}` as MessageKey);
}

// The id of a field's input: `${prefix}-${field}`. Focus moves to the first field with a problem.
export function focusFirstProblem(prefix: string, problems: Partial<Record<DecisionField, DecisionProblem>>): void {
  const first = kDecisionFields.find((field) => problems[field] !== undefined);
  if (first !== undefined) document.getElementById(`${prefix}-${first}`)?.focus();
}

export function DecisionFields({
  prefix,
  decision,
  problems,
  refusal,
  onChange,
}: {
  prefix: string;
  decision: Decision;
  problems: Partial<Record<DecisionField, DecisionProblem>>;
  refusal: string | null; // the server's refusal, shown at the form
  onChange: (decision: Decision) => void;
}) {
  return (
    <fieldset class="decision" aria-describedby={refusal !== null ? `${prefix}-refusal` : undefined}>
      <legend>{t("decision.legend")}</legend>
      {refusal !== null ? (
        <p id={`${prefix}-refusal`} class="field-error" role="alert">
          {refusal}
        </p>
      ) : null}
      {kDecisionFields.map((field) => {
        const id = `${prefix}-${field}`;
        const problem = problems[field];
        const common = {
          id,
          name: field,
          required: true,
          "aria-invalid": problem !== undefined ? ("true" as const) : undefined,
          "aria-describedby": problem !== undefined ? `${id}-error` : undefined,
          value: decision[field],
          onInput: (event: Event) =>
            onChange({ ...decision, [field]: (event.currentTarget as HTMLInputElement).value }),
        };
        return (
          <div class={`decision-field decision-${field}`}>
            <label for={id}>{t(`decision.${field}` as MessageKey)}</label>
            {field === "reason" ? (
              <textarea rows={2} {...common} />
            ) : (
              <input
                type={field === "date" ? "date" : "text"}
                autocomplete="off"
                spellcheck={false}
                {...common}
              />
            )}
            {problem !== undefined ? (
              <span id={`${id}-error`} class="field-error">
                {problemText(field, problem)}
              </span>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}
