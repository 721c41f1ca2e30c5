// An ApiError (or anything thrown) as a short phrase in the current language.
import { ApiError } from "../api";
import { t } from "../i18n";
import { session, sessionEnded } from "../session";

export function errorText(caught: unknown): string {
  if (!(caught instanceof ApiError)) return String(caught);
  if (caught.code === "network_error") return t("error.network");
  if (caught.status === 401) {
    if (session.value) sessionEnded.value = true;
    session.value = null;
    return t("error.unauthenticated");
  }
  if (caught.status === 403) return t("error.permission_denied");
  if (caught.status === 404) return t("error.not_found");
  // The server's own message is English; the code is shown so it can be looked up.
  return `${t("error.server", { code: caught.status })}: ${caught.message}`;
}
