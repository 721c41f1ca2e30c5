// The shell: skip link, header (title, SYNTHETIC label, language switch, navigation), the screen
// of the current route in <main>, and a footer naming the snapshot version every figure is from.
import { useEffect, useRef } from "preact/hooks";

import { kLanguageNames, kLanguages, language, setLanguage, t } from "./i18n";
import { PatternDefs } from "./parties";
import { href, route, withoutComparison, type Route } from "./route";
import { District } from "./screens/district";
import { Integrity } from "./screens/integrity";
import { National } from "./screens/national";
import { NotFound } from "./screens/not_found";
import { Precinct } from "./screens/precinct";
import { Region } from "./screens/region";
import { Territorial } from "./screens/territorial";
import { kFiles, loadCurrent, loadFile, type Current, type Election } from "./snapshot";
import { useLoad } from "./use_load";

function Screen({ route, election }: { route: Route; election: Election }) {
  switch (route.screen) {
    case "national":
      return <National election={election} compare={route.compare} />;
    case "region":
      return <Region election={election} id={route.id} />;
    case "territorial":
      return <Territorial election={election} id={route.id} />;
    case "precinct":
      return <Precinct election={election} territorial={route.territorial} id={route.id} compare={route.compare} />;
    case "district":
      return <District election={election} number={route.number} />;
    case "integrity":
      return <Integrity />;
    case "unknown":
      return <NotFound />;
  }
}

function LanguageSwitch() {
  return (
    <div class="languages" role="group" aria-label={t("app.language")}>
      {kLanguages.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          aria-pressed={language.value === lang}
          onClick={() => setLanguage(lang)}
        >
          {kLanguageNames[lang]}
        </button>
      ))}
    </div>
  );
}

export function Portal() {
  const loaded = useLoad(
    () => Promise.all([loadCurrent(), loadFile<Election>(kFiles.election)]),
    "election",
  );
  const current = route.value;
  const mainRef = useRef<HTMLElement>(null);
  // A new screen: the reader starts at its top, and a screen reader hears where it is. Choosing
  // a version to compare a precinct with is not a new screen.
  const screenLink = href(withoutComparison(current));
  useEffect(() => {
    window.scrollTo(0, 0);
    document.title = t("app.title");
  }, [screenLink]);
  const election: Election | null = loaded.state === "done" ? loaded.value[1] : null;
  const snapshot: Current | null = loaded.state === "done" ? loaded.value[0] : null;
  return (
    <>
      <PatternDefs />
      <a class="skip" href="#main" onClick={(event) => { event.preventDefault(); mainRef.current?.focus(); }}>
        {t("app.skip")}
      </a>
      <header class="top">
        <div class="top-line">
          <p class="brand">
            <a href={href({ screen: "national" })}>{t("app.title")}</a>
          </p>
          <LanguageSwitch />
        </div>
        {election?.synthetic === true && (
          <p class="synthetic" role="note">
            <strong>{t("app.synthetic")}</strong>
          </p>
        )}
        <nav aria-label={t("app.nav")}>
          <ul>
            <li>
              <a href={href({ screen: "national" })} aria-current={current.screen === "national" && current.compare === undefined ? "page" : undefined}>
                {t("nav.national")}
              </a>
            </li>
            <li>
              <a href={href({ screen: "integrity" })} aria-current={current.screen === "integrity" ? "page" : undefined}>
                {t("nav.integrity")}
              </a>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} ref={mainRef}>
        {loaded.state === "loading" && <p aria-live="polite">{t("app.loading")}</p>}
        {loaded.state === "failed" && (
          <p role="alert" class="error">{t("app.error", { file: "current.json / election.json", status: String(loaded.error) })}</p>
        )}
        {election !== null && <Screen route={current} election={election} />}
      </main>
      <footer class="bottom">
        {snapshot !== null && (
          <p>{t("app.version", { version: String(snapshot.version), time: snapshot.published_at.replace("T", " ").replace("Z", "") })}</p>
        )}
        <p>{t("app.footer")}</p>
      </footer>
    </>
  );
}
