// "You are here": the way back up from a screen, national result first.
import { t } from "./i18n";
import { href } from "./route";

export function Crumbs({ trail }: { trail: Array<{ label: string; link?: string }> }) {
  return (
    <nav aria-label={t("app.breadcrumb")} class="crumbs">
      <ol>
        <li>
          <a href={href({ screen: "national" })}>{t("nav.national")}</a>
        </li>
        {trail.map((step, index) => (
          <li key={index}>
            {step.link !== undefined ? <a href={step.link}>{step.label}</a> : <span aria-current="page">{step.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
