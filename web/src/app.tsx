// The application shell: skip link, header (title, user, language switch, log out), the main
// landmark holding the current screen. Screens: log in (with the forced change of a first
// password), the commission's dashboard, its protocol list, the protocol form, resolving a
// difference, opening a protocol by its id, a higher commission's summary protocols against its
// precincts, and a protocol's versions and correction by decision.
import { useEffect } from "preact/hooks";

import { logout, type Role } from "./api";
import { kLanguageNames, kLanguages, language, setLanguage, t } from "./i18n";
import { protocolsHash, route } from "./route";
import { AuditLogScreen } from "./screens/audit_log";
import { DashboardScreen } from "./screens/dashboard";
import { HistoryScreen } from "./screens/history";
import { HomeScreen } from "./screens/home";
import { LoginScreen, PasswordChangeScreen } from "./screens/login";
import { ProtocolFormScreen } from "./screens/protocol_form";
import { ProtocolListScreen } from "./screens/protocol_list";
import { ResolutionScreen } from "./screens/resolution";
import { SessionCountdown } from "./screens/session_countdown";
import { SummaryScreen } from "./screens/summary";
import { UsersScreen } from "./screens/users";
import { loadSession, session } from "./session";

function LanguageSwitch() {
  return (
    <div class="language-switch" role="group" aria-label={t("app.language")}>
      {kLanguages.map((lang) => (
        <button
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

function Screen() {
  const user = session.value;
  if (user === undefined) return <p>{t("app.loading")}</p>;
  if (user === null) return <LoginScreen />;
  if (user.must_change_password) return <PasswordChangeScreen />;
  const current = route.value;
  if (current.screen === "entry") {
    return (
      <ProtocolFormScreen
        key={`${current.protocol}/${current.entry}`}
        protocol={current.protocol}
        entry={current.entry}
      />
    );
  }
  if (current.screen === "differences") {
    return <ResolutionScreen key={current.protocol} protocol={current.protocol} />;
  }
  if (current.screen === "history") {
    return <HistoryScreen key={current.protocol} protocol={current.protocol} />;
  }
  if (current.screen === "summary") {
    return <SummaryScreen key={current.commission} commission={current.commission} />;
  }
  if (current.screen === "protocols") {
    return <ProtocolListScreen key={current.commission} commission={current.commission} />;
  }
  if (current.screen === "open") return <HomeScreen />;
  if (current.screen === "audit") return <AuditLogScreen />;
  if (current.screen === "users") return <UsersScreen />;
  return <DashboardScreen />;
}

// The sections a role has a use for (docs/roles.md: a typist has no audit log and no accounts).
function Navigation({ commission, role }: { commission: string; role: Role }) {
  return (
    <nav aria-label={t("nav.label")}>
      <a href="#/">{t("nav.dashboard")}</a>
      <a href={protocolsHash(commission)}>{t("nav.protocols")}</a>
      <a href="#/open">{t("nav.open")}</a>
      {role !== "typist" ? <a href="#/audit">{t("nav.audit")}</a> : null}
      {role === "administrator" || role === "chair" || role === "coordinator" ? (
        <a href="#/users">{t("nav.users")}</a>
      ) : null}
    </nav>
  );
}

export function App() {
  useEffect(() => {
    void loadSession();
  }, []);
  useEffect(() => {
    document.title = t("app.title");
  }, [language.value]);

  const user = session.value;
  return (
    <>
      <a class="skip-link" href="#main" onClick={skipToMain}>
        {t("app.skip")}
      </a>
      <header class="app-header">
        <span class="app-name">esep</span>
        {user ? (
          <span class="app-user">{t("app.user", { name: user.name, commission: user.commission })}</span>
        ) : null}
        {user && !user.must_change_password ? <Navigation commission={user.commission} role={user.role} /> : null}
        {user ? <SessionCountdown /> : null}
        <LanguageSwitch />
        {user ? (
          <button type="button" class="secondary" onClick={() => void doLogout()}>
            {t("app.log_out")}
          </button>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        <Screen />
      </main>
    </>
  );
}

// The skip link moves focus (not only the scroll position) into the main landmark; the hash
// stays the route.
function skipToMain(event: Event): void {
  event.preventDefault();
  document.getElementById("main")?.focus();
}

async function doLogout(): Promise<void> {
  try {
    await logout();
  } finally {
    session.value = null;
  }
}
