// The protocol form, mirroring the paper: the official lines, numbered and in the paper's order,
// one figure each. Keyboard-first: Enter or ↓ goes to the next line, ↑ back, Shift+Enter
// finishes, Alt+G jumps to a line by its number. Blank stays blank (not typed), never a forced
// zero. The control ratios are evaluated as the typist types; errors block finishing, a warning
// needs an explicit tick. Figures are saved as typed (debounced PUT with If-Match); a 412 means
// another window saved the entry, and is shown as such.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";

import {
  ApiError,
  claimEntry,
  finaliseEntry,
  getEntry,
  getForm,
  isEditable,
  saveEntry,
  type Entry,
  type EntryNumber,
  type FormLine,
  type ProtocolForm,
  type Values,
} from "../api";
import { formatNumber, language, lineLabel, ratioMessage, t } from "../i18n";
import { parseFigure } from "../numbers";
import { canFinish, checkFinish, evaluateRatios, type RatioResult } from "../ratios";
import { clearDraft, loadDraft, saveDraft } from "../drafts";
import { session } from "../session";
import { errorText } from "./errors";
import { ScanPanel } from "./scan_panel";

// How long typing must pause before the figures are sent.
const kSaveDelayMs = 600;

type SaveState = "saved" | "pending" | "saving" | "failed" | "conflict";

interface Props {
  protocol: string;
  entry: EntryNumber;
}

export function ProtocolFormScreen({ protocol, entry }: Props) {
  const [form, setForm] = useState<ProtocolForm | null>(null);
  const [loaded, setLoaded] = useState<Entry | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setLoadError(null);
    setLoaded(null);
    (async () => {
      const theForm = await getForm(protocol);
      let theEntry = await getEntry(protocol, entry);
      if (theEntry.state === "empty") theEntry = await claimEntry(protocol, entry, theEntry.version);
      if (!cancelled) {
        setForm(theForm);
        setLoaded(theEntry);
      }
    })().catch((caught: unknown) => {
      if (!cancelled) setLoadError(t("form.load_failed", { reason: errorText(caught) }));
    });
    return () => {
      cancelled = true;
    };
  }, [protocol, entry, reloads]);

  if (loadError !== null) {
    return (
      <p class="message error" role="alert">
        <span aria-hidden="true">✕ </span>
        {loadError}
      </p>
    );
  }
  if (form === null || loaded === null) return <p role="status">{t("app.loading")}</p>;
  return (
    <EntryEditor
      key={`${loaded.version}/${reloads}`}
      form={form}
      initial={loaded}
      onReload={() => setReloads((count) => count + 1)}
    />
  );
}

function figureText(value: number | null | undefined): string {
  return value === null || value === undefined ? "" : formatNumber(value);
}

// The line's number as printed on the paper; lines the form leaves unnumbered get none.
function lineNumber(line: FormLine): string {
  return line.number === undefined || line.number === null ? "" : String(line.number);
}

function inputId(key: string): string {
  return `line-${key.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

interface EditorProps {
  form: ProtocolForm;
  initial: Entry;
  onReload: () => void;
}

function EntryEditor({ form, initial, onReload }: EditorProps) {
  const lines = form.lines;
  const lineKeys = useMemo(() => lines.map((line) => line.key), [lines]);
  const choiceKeys = useMemo(() => lineKeys.filter((key) => key.startsWith("choice.")), [lineKeys]);

  // What was typed and not yet saved when the form last closed (a session that ended), if the
  // entry can still be typed: it wins over the saved copy and is saved at once.
  const user = session.value?.id ?? "";
  const [draft] = useState(() =>
    isEditable(initial.state) ? loadDraft(user, initial.protocol, initial.entry) : null,
  );
  const [texts, setTexts] = useState<Record<string, string>>(() => {
    const start: Record<string, string> = {};
    for (const key of lineKeys) start[key] = draft?.texts[key] ?? figureText(initial.values[key]);
    return start;
  });
  const [acknowledged, setAcknowledged] = useState<ReadonlySet<string>>(
    () => new Set(draft?.acknowledged ?? initial.acknowledged_warnings),
  );
  const [saveState, setSaveState] = useState<SaveState>("saved");
  const [saveError, setSaveError] = useState<string | null>(null);
  const [finishMessages, setFinishMessages] = useState<string[]>([]);
  const [finished, setFinished] = useState(!isEditable(initial.state));
  const [announcement, setAnnouncement] = useState("");
  const [gotoText, setGotoText] = useState("");
  const [gotoError, setGotoError] = useState<string | null>(null);

  const version = useRef(initial.version);
  const saveTimer = useRef<number | undefined>(undefined);
  const inFlight = useRef<Promise<void> | null>(null);
  const dirty = useRef(false);
  const conflict = useRef(false);
  const gotoRef = useRef<HTMLInputElement>(null);
  const finishRef = useRef<HTMLButtonElement>(null);
  const ratiosRef = useRef<HTMLElement>(null);

  // The figures as numbers: a blank or unreadable text is null (and an unreadable one is flagged).
  const parsed = useMemo(() => {
    const values: Values = {};
    const problems: Record<string, string> = {};
    for (const key of lineKeys) {
      const result = parseFigure(texts[key] ?? "");
      if (result.ok) {
        values[key] = result.value;
      } else {
        values[key] = null;
        problems[key] = t(result.reason === "too_large" ? "form.too_large" : "form.invalid_number");
      }
    }
    return { values, problems };
    // language: the problem texts are in the current language.
  }, [texts, lineKeys, language.value]);

  const results = useMemo(
    () => evaluateRatios(form.ratios, parsed.values, choiceKeys),
    [form.ratios, parsed.values, choiceKeys],
  );
  const shown = results.filter((result) => result.ratio.scope === "protocol");
  const failedErrors = shown.filter((r) => r.status === "failed" && r.ratio.severity === "error");
  const failedWarnings = shown.filter((r) => r.status === "failed" && r.ratio.severity === "warning");

  // Announce ratios that start or stop failing (not every keystroke).
  const previous = useRef<Map<string, string>>(new Map());
  useEffect(() => {
    const messages: string[] = [];
    for (const result of results) {
      const before = previous.current.get(result.ratio.id);
      const id = result.ratio.id;
      if (result.status === "failed" && before !== "failed") {
        const message = ratioMessage(id, result.ratio.message);
        messages.push(
          t(result.ratio.severity === "error" ? "ratios.announce_error" : "ratios.announce_warning", {
            id,
            message,
          }),
        );
      } else if (result.status === "ok" && before === "failed") {
        messages.push(t("ratios.announce_ok", { id }));
      }
      previous.current.set(id, result.status);
    }
    if (messages.length > 0) setAnnouncement(messages.join(" "));
  }, [results]);

  // --- Saving -------------------------------------------------------------------------------

  const latest = useRef({ values: parsed.values, acknowledged });
  latest.current = { values: parsed.values, acknowledged };

  async function sendNow(): Promise<void> {
    if (conflict.current) return;
    if (inFlight.current !== null) await inFlight.current;
    if (!dirty.current || conflict.current) return;
    dirty.current = false;
    setSaveState("saving");
    const { values } = latest.current;
    const attempt = (async () => {
      try {
        const saved = await saveEntry(
          initial.protocol,
          initial.entry,
          version.current,
          values,
        );
        version.current = saved.version;
        setSaveError(null);
        setSaveState(dirty.current ? "pending" : "saved");
        if (!dirty.current) clearDraft(user, initial.protocol, initial.entry);
      } catch (caught) {
        if (caught instanceof ApiError && caught.isConflict) {
          conflict.current = true;
          setSaveState("conflict");
        } else {
          dirty.current = true;
          setSaveError(errorText(caught));
          setSaveState("failed");
          scheduleSave(kSaveDelayMs * 5);
        }
      }
    })();
    inFlight.current = attempt;
    await attempt;
    inFlight.current = null;
  }

  function scheduleSave(delay: number = kSaveDelayMs): void {
    window.clearTimeout(saveTimer.current);
    saveTimer.current = window.setTimeout(() => void sendNow(), delay);
  }

  function markChanged(): void {
    if (conflict.current) return;
    dirty.current = true;
    setSaveState("pending");
    scheduleSave();
  }

  useEffect(() => () => window.clearTimeout(saveTimer.current), []);
  // Every change is kept as a draft until the server has it; a restored draft is saved now.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      if (draft !== null) markChanged();
      return;
    }
    if (isEditable(initial.state) && !conflict.current) {
      saveDraft(user, initial.protocol, initial.entry, { texts, acknowledged: [...acknowledged] });
    }
  }, [texts, acknowledged]);
  // The typist starts on the first line.
  useEffect(() => {
    if (!readOnly) focusLine(0);
  }, []);

  // --- Typing and moving --------------------------------------------------------------------

  function focusLine(index: number): void {
    const line = lines[index];
    if (line === undefined) {
      if (index >= lines.length) finishRef.current?.focus();
      return;
    }
    const input = document.getElementById(inputId(line.key)) as HTMLInputElement | null;
    input?.focus();
    input?.select();
  }

  function onLineKeyDown(event: KeyboardEvent, index: number): void {
    if (event.key === "Enter" && event.shiftKey) {
      event.preventDefault();
      void finish();
    } else if (event.key === "Enter" || event.key === "ArrowDown") {
      event.preventDefault();
      focusLine(index + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      focusLine(index - 1);
    }
  }

  function onFormKeyDown(event: KeyboardEvent): void {
    if (event.altKey && (event.key === "g" || event.key === "G" || event.code === "KeyG")) {
      event.preventDefault();
      gotoRef.current?.focus();
      gotoRef.current?.select();
    }
  }

  function goToLine(event: Event): void {
    event.preventDefault();
    const wanted = gotoText.trim();
    const index = lines.findIndex((line) => lineNumber(line) === wanted && wanted !== "");
    if (index < 0) {
      setGotoError(t("form.goto_unknown", { line: wanted }));
      return;
    }
    setGotoError(null);
    setGotoText("");
    focusLine(index);
  }

  function setText(key: string, text: string): void {
    setTexts((before) => ({ ...before, [key]: text }));
    markChanged();
  }

  // On leaving a line, show the figure with the language's digit grouping (what the typist
  // compares with the paper).
  function tidy(key: string): void {
    const result = parseFigure(texts[key] ?? "");
    if (result.ok) setTexts((before) => ({ ...before, [key]: figureText(result.value) }));
  }

  function toggleAcknowledged(id: string, checked: boolean): void {
    setAcknowledged((before) => {
      const next = new Set(before);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });
    markChanged();
  }

  // --- Finishing ----------------------------------------------------------------------------

  async function finish(): Promise<void> {
    if (finished || conflict.current) return;
    const check = checkFinish(results, acknowledged, lineKeys, parsed.values);
    const invalid = Object.keys(parsed.problems);
    if (!canFinish(check) || invalid.length > 0) {
      const messages: string[] = [];
      if (check.errors.length > 0) messages.push(t("form.blocked_errors", { count: check.errors.length }));
      if (check.unacknowledged.length > 0) {
        messages.push(t("form.blocked_warnings", { count: check.unacknowledged.length }));
      }
      const blank = check.blankLines.length + invalid.length;
      if (blank > 0) messages.push(t("form.blocked_blank", { count: blank }));
      setFinishMessages(messages);
      // Take the typist to the first thing to fix.
      const firstError = check.errors[0];
      const firstWarning = check.unacknowledged[0];
      const firstBlank = lineKeys.findIndex(
        (key) => check.blankLines.includes(key) || invalid.includes(key),
      );
      if (firstError !== undefined) {
        ratiosRef.current?.querySelector<HTMLElement>(`[data-ratio="${firstError.ratio.id}"]`)?.focus();
      } else if (firstWarning !== undefined) {
        document.getElementById(`ack-${firstWarning.ratio.id}`)?.focus();
      } else if (firstBlank >= 0) {
        focusLine(firstBlank);
      }
      return;
    }
    setFinishMessages([]);
    window.clearTimeout(saveTimer.current);
    await sendNow();
    if (conflict.current) return;
    try {
      const done = await finaliseEntry(initial.protocol, initial.entry, version.current, [
        ...acknowledged,
      ].sort());
      version.current = done.version;
      clearDraft(user, initial.protocol, initial.entry);
      setFinished(true);
      setSaveState("saved");
      setAnnouncement(t("form.finished"));
    } catch (caught) {
      if (caught instanceof ApiError && caught.isConflict) {
        conflict.current = true;
        setSaveState("conflict");
      } else {
        setFinishMessages([t("form.finish_failed", { reason: errorText(caught) })]);
      }
    }
  }

  // --- Rendering ----------------------------------------------------------------------------

  const contest =
    form.contest.kind === "list"
      ? t("form.contest_list")
      : t("form.contest_district", { district: String(form.contest.district) });
  const readOnly = finished || saveState === "conflict";

  return (
    <div class="entry" onKeyDown={onFormKeyDown}>
      <div class="entry-head">
        <h1>{t("form.heading", { protocol: form.protocol, entry: String(initial.entry) })}</h1>
        <p class="contest">{contest}</p>
        <p class="hint" id="keys-help">
          {t("form.keys_help")}
        </p>
      </div>

      <div class="entry-status">
        <SaveIndicator state={saveState} error={saveError} />
        <span class={`count ${failedErrors.length > 0 ? "has-errors" : ""}`}>
          <span aria-hidden="true">{failedErrors.length > 0 ? "✕ " : "✓ "}</span>
          {t("ratios.summary", { errors: failedErrors.length, warnings: failedWarnings.length })}
        </span>
        <form class="goto" onSubmit={goToLine}>
          <label for="goto-line">{t("form.goto")}</label>
          <input
            id="goto-line"
            ref={gotoRef}
            inputMode="numeric"
            autocomplete="off"
            size={4}
            aria-keyshortcuts="Alt+G"
            aria-invalid={gotoError !== null}
            aria-describedby={gotoError !== null ? "goto-error" : undefined}
            value={gotoText}
            onInput={(event) => setGotoText(event.currentTarget.value)}
          />
          <button type="submit" class="secondary">
            {t("form.goto_button")}
          </button>
          {gotoError !== null ? (
            <span id="goto-error" class="field-error" role="alert">
              {gotoError}
            </span>
          ) : null}
        </form>
      </div>

      {saveState === "conflict" ? (
        <div class="message error conflict" role="alert">
          <h2>
            <span aria-hidden="true">✕ </span>
            {t("form.conflict_heading")}
          </h2>
          <p>{t("form.conflict")}</p>
          <button type="button" onClick={onReload}>
            {t("form.reload")}
          </button>
        </div>
      ) : null}
      {finished ? (
        <p class="message ok" role="status">
          <span aria-hidden="true">✓ </span>
          {initial.state !== "empty" && !isEditable(initial.state) ? t("form.read_only") : t("form.finished")}
        </p>
      ) : null}

      <div class="entry-body">
        <table class="lines">
          <caption class="visually-hidden">{contest}</caption>
          <thead>
            <tr>
              <th scope="col" class="number">
                {t("form.col_number")}
              </th>
              <th scope="col">{t("form.col_line")}</th>
              <th scope="col" class="value">
                {t("form.col_value")}
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, index) => {
              const id = inputId(line.key);
              const problem = parsed.problems[line.key];
              const number = lineNumber(line);
              return (
                <tr class={problem !== undefined ? "invalid" : ""}>
                  <td class="number" aria-hidden="true">
                    {number}
                  </td>
                  <th scope="row" class="label">
                    <label for={id}>
                      <span class="visually-hidden">{number} </span>
                      {lineLabel(line.key, line.label)}
                    </label>
                  </th>
                  <td class="value">
                    <input
                      id={id}
                      class="figure"
                      inputMode="numeric"
                      autocomplete="off"
                      spellcheck={false}
                      enterKeyHint="next"
                      readOnly={readOnly}
                      aria-invalid={problem !== undefined}
                      aria-describedby={problem !== undefined ? `${id}-error` : "keys-help"}
                      value={texts[line.key] ?? ""}
                      onInput={(event) => setText(line.key, event.currentTarget.value)}
                      onBlur={() => tidy(line.key)}
                      onKeyDown={(event) => onLineKeyDown(event, index)}
                    />
                    {problem !== undefined ? (
                      <span id={`${id}-error`} class="field-error">
                        <span aria-hidden="true">✕ </span>
                        {problem}
                      </span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>

        <div class="side">
          <section class="ratios" ref={ratiosRef} aria-labelledby="ratios-heading">
            <h2 id="ratios-heading">{t("ratios.heading")}</h2>
            <ul>
              {shown.map((result) => (
                <RatioItem
                  result={result}
                  acknowledged={acknowledged.has(result.ratio.id)}
                  disabled={readOnly}
                  onAcknowledge={(checked) => toggleAcknowledged(result.ratio.id, checked)}
                />
              ))}
            </ul>
          </section>
          <ScanPanel protocol={initial.protocol} canUpload={!readOnly} />
        </div>
      </div>

      <div class="finish">
        {finishMessages.length > 0 ? (
          <div class="message error" role="alert" id="finish-blocked">
            {finishMessages.map((message) => (
              <p>
                <span aria-hidden="true">✕ </span>
                {message}
              </p>
            ))}
          </div>
        ) : null}
        <button
          type="button"
          ref={finishRef}
          disabled={readOnly}
          aria-keyshortcuts="Shift+Enter"
          onClick={() => void finish()}
        >
          {t("form.finish")}
        </button>
      </div>

      <div class="visually-hidden" aria-live="polite" aria-atomic="true" id="ratio-announcer">
        {announcement}
      </div>
    </div>
  );
}

function SaveIndicator({ state, error }: { state: SaveState; error: string | null }) {
  let text: string;
  let icon: string;
  switch (state) {
    case "saved":
      text = t("form.save_saved");
      icon = "✓";
      break;
    case "pending":
      text = t("form.save_pending");
      icon = "…";
      break;
    case "saving":
      text = t("form.save_saving");
      icon = "…";
      break;
    case "failed":
      text = t("form.save_failed", { reason: error ?? "" });
      icon = "✕";
      break;
    case "conflict":
      text = t("form.conflict_heading");
      icon = "✕";
      break;
  }
  return (
    <span class={`save save-${state}`} role="status">
      <span aria-hidden="true">{icon} </span>
      {text}
    </span>
  );
}

const kStatusIcon: Record<string, string> = {
  ok: "✓",
  error: "✕",
  warning: "!",
  pending: "○",
  skipped: "–",
};

function RatioItem({
  result,
  acknowledged,
  disabled,
  onAcknowledge,
}: {
  result: RatioResult;
  acknowledged: boolean;
  disabled: boolean;
  onAcknowledge: (checked: boolean) => void;
}) {
  const { ratio, status } = result;
  const kind = status === "failed" ? ratio.severity : status;
  const statusText = {
    ok: t("ratios.status_ok"),
    error: t("ratios.status_error"),
    warning: t("ratios.status_warning"),
    pending: t("ratios.status_pending"),
    skipped: t("ratios.status_skipped"),
  }[kind];
  return (
    <li class={`ratio ratio-${kind}`} data-ratio={ratio.id} tabIndex={-1}>
      <span class="badge">
        <span aria-hidden="true">{kStatusIcon[kind]} </span>
        {statusText}
      </span>
      <span class="ratio-id">{ratio.id}</span>
      {status === "failed" ? (
        <>
          <p class="ratio-message">{ratioMessage(ratio.id, ratio.message)}</p>
          <p class="ratio-sides">
            {t("ratios.sides", {
              left: formatNumber(result.left ?? 0),
              right: formatNumber(result.right ?? 0),
            })}
          </p>
          {ratio.severity === "warning" ? (
            <label class="inline acknowledge">
              <input
                type="checkbox"
                id={`ack-${ratio.id}`}
                checked={acknowledged}
                disabled={disabled}
                onChange={(event) => onAcknowledge(event.currentTarget.checked)}
              />
              {t("ratios.acknowledge")}
            </label>
          ) : null}
        </>
      ) : null}
    </li>
  );
}
