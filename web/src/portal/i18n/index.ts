// The portal's messages in Kazakh, Russian and English; the language itself (the choice, shared
// with the commission application, and numbers written its way) is i18n/language.ts. The portal
// has catalogues of its own (en.ts is the reference) so that its first load does not carry the
// entry forms' messages.
import { formatNumber, language, type Language } from "../../i18n/language";
import { en, type PortalKey } from "./en";
import { kk } from "./kk";
import { ru } from "./ru";

export { formatNumber, kLanguageNames, kLanguages, language, setLanguage } from "../../i18n/language";
export type { Language } from "../../i18n/language";
export type { PortalKey };

export const kCatalogues: Record<Language, Record<PortalKey, string>> = { kk, ru, en };
// CLDR's percent patterns: "#,##0%" (kk, en), "#,##0 %" (ru, with a no-break space).
const kPercentSuffix: Record<Language, string> = { kk: "%", ru: "\u00a0%", en: "%" };

// The message `key` with {placeholders} filled; numbers are formatted the language's way.
export function t(key: PortalKey, params: Record<string, string | number> = {}, lang: Language = language.value): string {
  return fill(kCatalogues[lang][key], params, lang);
}

// `text` with its {placeholders} filled (also for the catalogues of lazily loaded screens).
export function fill(text: string, params: Record<string, string | number>, lang: Language): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatNumber(value, lang) : value;
  });
}

// A decimal as the snapshot writes it ("53.55", exact to its digits), in the language's way,
// keeping its number of decimals.
export function formatDecimal(text: string, lang: Language = language.value): string {
  const digits = text.includes(".") ? (text.split(".")[1]?.length ?? 0) : 0;
  return formatNumber(Number(text), lang, digits);
}

export function formatPercent(value: number | string, lang: Language = language.value, digits = 2): string {
  const number = typeof value === "string" ? formatDecimal(value, lang) : formatNumber(value, lang, digits);
  return `${number}${kPercentSuffix[lang]}`;
}
