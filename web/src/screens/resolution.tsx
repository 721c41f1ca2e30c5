// Resolving a difference: the coordinator sees both finalised entries side by side, line by
// line in the paper's order, the differing lines marked (by a word and a border, not by colour
// alone) and listed first, with the protocol's scan beside them when one is attached. The
// decision is one of five (keep the first, keep the second, discard both, return the first or
// the second to its typist with only the differing lines cleared), sent with the protocol's
// version so that two coordinators cannot both decide.
import { useEffect, useState } from "preact/hooks";

import {
  ApiError,
  getDifferences,
  getForm,
  resolve,
  type Differences,
  type ProtocolForm,
  type Resolution,
} from "../api";
import { formatNumber, lineLabel, t, type MessageKey } from "../i18n";
import { protocolsHash } from "../route";
import { errorText } from "./errors";
import { useFocusOnMount } from "./focus";
import { ScanPanel } from "./scan_panel";
import { session } from "../session";

const kResolutions: Resolution[] = [
  "keep_first",
  "keep_second",
  "return_first",
  "return_second",
  "discard_both",
];

function figure(value: number | null | undefined): string {
  return value === null || value === undefined ? t("resolve.blank") : formatNumber(value);
}

export function ResolutionScreen({ protocol }: { protocol: string }) {
  const [form, setForm] = useState<ProtocolForm | null>(null);
  const [differences, setDifferences] = useState<Differences | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [choice, setChoice] = useState<Resolution | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const headingRef = useFocusOnMount<HTMLHeadingElement>();

  async function load() {
    try {
      const [loadedForm, loadedDifferences] = await Promise.all([
        getForm(protocol),
        getDifferences(protocol),
      ]);
      setForm(loadedForm);
      setDifferences(loadedDifferences);
      setFailure(null);
    } catch (caught) {
      setFailure(errorText(caught));
    }
  }
  useEffect(() => {
    void load();
  }, [protocol]);

  async function submit(event: Event) {
    event.preventDefault();
    if (differences === null || choice === null) return;
    try {
      await resolve(protocol, differences.version, choice);
      setDone(t("resolve.done", { choice: t(`resolve.${choice}` as MessageKey) }));
    } catch (caught) {
      setFailure(
        caught instanceof ApiError && caught.isConflict ? t("resolve.stale") : errorText(caught),
      );
      await load();
    }
  }

  const commission = protocol.split(":")[0] ?? "";
  const differing = new Set(differences?.differences ?? []);
  const lines = form?.lines ?? [];
  const ordered = [...lines.filter((line) => differing.has(line.key)), ...lines.filter((line) => !differing.has(line.key))];

  return (
    <section aria-labelledby="resolve-heading">
      <h1 id="resolve-heading" tabIndex={-1} ref={headingRef}>
        {t("resolve.heading", { protocol })}
      </h1>
      <p>
        <a href={protocolsHash(commission)}>{t("resolve.back")}</a>
      </p>
      {failure !== null ? (
        <div class="message error" role="alert">
          <p>{failure}</p>
        </div>
      ) : null}
      {done !== null ? (
        <div class="message ok" role="status">
          <p>{done}</p>
        </div>
      ) : null}
      {differences !== null && form !== null && done === null ? (
        <div class="resolve-body">
          <div>
            <p>{t("resolve.summary", { count: differing.size })}</p>
            <table class="lines compare">
              <caption class="visually-hidden">{t("resolve.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col" class="number">
                    {t("form.col_number")}
                  </th>
                  <th scope="col">{t("form.col_line")}</th>
                  <th scope="col" class="number">
                    {t("resolve.first")}
                  </th>
                  <th scope="col" class="number">
                    {t("resolve.second")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {ordered.map((line) => {
                  const differs = differing.has(line.key);
                  return (
                    <tr class={differs ? "differs" : undefined}>
                      <td class="number">{line.number ?? ""}</td>
                      <th scope="row" class="label">
                        {lineLabel(line.key, line.label)}
                        {differs ? <strong class="differs-mark"> {t("resolve.differs")}</strong> : null}
                      </th>
                      <td class="number">{figure(differences.first[line.key])}</td>
                      <td class="number">{figure(differences.second[line.key])}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <ScanPanel protocol={protocol} canUpload={session.value?.role === "coordinator"} />
          <form class="card" onSubmit={(event) => void submit(event)}>
            <fieldset>
              <legend>{t("resolve.decide")}</legend>
              {kResolutions.map((resolution) => (
                <label class="inline">
                  <input
                    type="radio"
                    name="resolution"
                    checked={choice === resolution}
                    onChange={() => setChoice(resolution)}
                  />
                  {t(`resolve.${resolution}` as MessageKey)}
                </label>
              ))}
            </fieldset>
            <button type="submit" disabled={choice === null}>
              {t("resolve.submit")}
            </button>
          </form>
        </div>
      ) : null}
    </section>
  );
}
