// Log in, and the forced change of a first password. Failures name no field: a wrong user name
// and a wrong password read the same (the server does not tell them apart either).
import { useRef, useState } from "preact/hooks";

import { ApiError, changePassword, login } from "../api";
import { t } from "../i18n";
import { useFocusOnMount } from "./focus";
import { session, sessionEnded } from "../session";
import { errorText } from "./errors";

// The client-side floor; the server's rule decides.
export const kMinPasswordLength = 12;

export function LoginScreen() {
  const [user, setUser] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const firstRef = useFocusOnMount<HTMLInputElement>();

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      session.value = await login(user.trim(), password);
      sessionEnded.value = false;
    } catch (caught) {
      setPassword("");
      if (caught instanceof ApiError && caught.status === 401) setError(t("login.failed"));
      else if (caught instanceof ApiError && caught.status === 429) setError(t("login.throttled"));
      else setError(errorText(caught));
      queueMicrotask(() => errorRef.current?.focus());
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card narrow" aria-labelledby="login-heading">
      <h1 id="login-heading">{t("login.heading")}</h1>
      {sessionEnded.value ? (
        <p class="message error" role="status">
          {t("error.unauthenticated")}
        </p>
      ) : null}
      <form onSubmit={submit} noValidate>
        <label for="login-user">{t("login.user")}</label>
        <input
          id="login-user"
          name="username"
          autocomplete="username"
          ref={firstRef}
          required
          value={user}
          onInput={(event) => setUser(event.currentTarget.value)}
        />
        <label for="login-password">{t("login.password")}</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(event) => setPassword(event.currentTarget.value)}
        />
        {error !== null ? (
          <p class="message error" role="alert" tabIndex={-1} ref={errorRef}>
            <span aria-hidden="true">✕ </span>
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {t("login.submit")}
        </button>
      </form>
    </section>
  );
}

export function PasswordChangeScreen() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const firstRef = useFocusOnMount<HTMLInputElement>();

  async function submit(event: Event) {
    event.preventDefault();
    if (next.length < kMinPasswordLength) {
      setError(t("password.too_short", { min: kMinPasswordLength }));
      return;
    }
    if (next !== repeat) {
      setError(t("password.mismatch"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      session.value = await changePassword(current, next);
    } catch (caught) {
      if (caught instanceof ApiError && (caught.status === 400 || caught.status === 403)) {
        setError(t("password.refused"));
      } else {
        setError(errorText(caught));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card narrow" aria-labelledby="password-heading">
      <h1 id="password-heading">{t("password.heading")}</h1>
      <p>{t("password.explain")}</p>
      <form onSubmit={submit} noValidate>
        <label for="password-current">{t("password.current")}</label>
        <input
          id="password-current"
          type="password"
          autocomplete="current-password"
          ref={firstRef}
          value={current}
          onInput={(event) => setCurrent(event.currentTarget.value)}
        />
        <label for="password-new">{t("password.new")}</label>
        <input
          id="password-new"
          type="password"
          autocomplete="new-password"
          aria-describedby="password-rule"
          value={next}
          onInput={(event) => setNext(event.currentTarget.value)}
        />
        <p id="password-rule" class="hint">
          {t("password.too_short", { min: kMinPasswordLength })}
        </p>
        <label for="password-repeat">{t("password.repeat")}</label>
        <input
          id="password-repeat"
          type="password"
          autocomplete="new-password"
          value={repeat}
          onInput={(event) => setRepeat(event.currentTarget.value)}
        />
        {error !== null ? (
          <p class="message error" role="alert">
            <span aria-hidden="true">✕ </span>
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {t("password.submit")}
        </button>
      </form>
    </section>
  );
}
