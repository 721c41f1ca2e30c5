// A route this snapshot has no page for: an unknown screen, region, commission or district.
import { t } from "../i18n";
import { href } from "../route";

export function NotFound() {
  return (
    <>
      <h1 tabIndex={-1}>{t("app.not_found")}</h1>
      <p>
        <a href={href({ screen: "national" })}>{t("app.back_home")}</a>
      </p>
    </>
  );
}
