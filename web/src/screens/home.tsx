// Open a protocol by its id and entry number. (The commission's dashboard and protocol list
// replace this screen in a later step of issue 12.)
import { useState } from "preact/hooks";

import { isProtocolId, type EntryNumber } from "../api";
import { t } from "../i18n";
import { useFocusOnMount } from "./focus";
import { entryHash } from "../route";

export function HomeScreen() {
  const [protocol, setProtocol] = useState("");
  const [entry, setEntry] = useState<EntryNumber>(1);
  const firstRef = useFocusOnMount<HTMLInputElement>();
  const valid = isProtocolId(protocol.trim());

  function submit(event: Event) {
    event.preventDefault();
    if (valid) window.location.hash = entryHash(protocol.trim(), entry);
  }

  return (
    <section class="card narrow" aria-labelledby="home-heading">
      <h1 id="home-heading">{t("home.heading")}</h1>
      <form onSubmit={submit}>
        <label for="home-protocol">{t("home.protocol")}</label>
        <input
          id="home-protocol"
          ref={firstRef}
          autocomplete="off"
          spellcheck={false}
          aria-describedby="home-protocol-hint"
          value={protocol}
          onInput={(event) => setProtocol(event.currentTarget.value)}
        />
        <p id="home-protocol-hint" class="hint">
          {t("home.protocol_hint")}
        </p>
        <fieldset>
          <legend>{t("home.entry")}</legend>
          {([1, 2] as const).map((number) => (
            <label class="inline">
              <input
                type="radio"
                name="entry"
                checked={entry === number}
                onChange={() => setEntry(number)}
              />
              {t(number === 1 ? "home.entry_1" : "home.entry_2")}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={!valid}>
          {t("home.open")}
        </button>
      </form>
    </section>
  );
}
