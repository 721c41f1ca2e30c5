// The session's countdown in the header: the minutes and seconds left before an idle session
// ends (the server's 30 minutes, renewed by every request). In the last two minutes it turns
// into a warning, announced once to screen readers; at zero the next request is refused and the
// log-in screen appears, with nothing typed lost (the form keeps its figures and saves them
// after the new login).
import { useEffect, useState } from "preact/hooks";

import { t } from "../i18n";
import { sessionEnds } from "../session";

const kWarnBelowSeconds = 120;

export function countdownText(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, "0")}`;
}

export function SessionCountdown() {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const ends = sessionEnds.value;
  if (ends === null) return null;
  const left = (ends - now) / 1000;
  const time = countdownText(left);
  if (left < kWarnBelowSeconds) {
    return (
      <span class="session-countdown warning" role="status">
        {t("app.session_warning", { time })}
      </span>
    );
  }
  return <span class="session-countdown">{t("app.session_left", { time })}</span>;
}
