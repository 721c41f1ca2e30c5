// The portal's languages: Kazakh, Russian and English, switched at run time and remembered in
// localStorage under the same key as the commission application's. The portal has catalogues of
// its own (en.ts is the reference) so that its first load does not carry the entry forms' messages.
import { signal } from "@preact/signals";

import { en, type PortalKey } from "./en";
import { kk } from "./kk";
import { ru } from "./ru";

export type Language = "kk" | "ru" | "en";
export type { PortalKey };

export const kLanguages: readonly Language[] = ["kk", "ru", "en"];
export const kLanguageNames: Record<Language, string> = { kk: "Қазақша", ru: "Русский", en: "English" };
export const kCatalogues: Record<Language, Record<PortalKey, string>> = { kk, ru, en };
const kLocales: Record<Language, string> = { kk: "kk-KZ", ru: "ru-RU", en: "en-GB" };
const kStorageKey = "esep.language";

// CLDR's separators, set here rather than left to the engine: Chromium's trimmed ICU data
// formats kk-KZ with the root locale's comma and point (see docs/web.md).
const kGroup: Record<Language, string> = { kk: "\u00a0", ru: "\u00a0", en: "," };
const kDecimal: Record<Language, string> = { kk: ",", ru: ",", en: "." };
// CLDR's percent patterns: "#,##0%" (kk, en), "#,##0 %" (ru, with a no-break space).
const kPercentSuffix: Record<Language, string> = { kk: "%", ru: "\u00a0%", en: "%" };

function isLanguage(value: unknown): value is Language {
  return value === "kk" || value === "ru" || value === "en";
}

function initialLanguage(): Language {
  try {
    const saved = globalThis.localStorage?.getItem(kStorageKey);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage may be disabled; the choice is then not remembered.
  }
  for (const tag of globalThis.navigator?.languages ?? []) {
    const primary = tag.toLowerCase().split("-")[0];
    if (isLanguage(primary)) return primary;
  }
  return "kk";
}

export const language = signal<Language>(initialLanguage());

export function setLanguage(next: Language): void {
  language.value = next;
  try {
    globalThis.localStorage?.setItem(kStorageKey, next);
  } catch {
    // Not remembered; the switch still works for this page.
  }
  if (typeof document !== "undefined") document.documentElement.lang = next;
}

// The message `key` with {placeholders} filled; numbers are formatted the language's way.
export function t(key: PortalKey, params: Record<string, string | number> = {}, lang: Language = language.value): string {
  return kCatalogues[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatNumber(value, lang) : value;
  });
}

const formatters = new Map<string, Intl.NumberFormat>();

// `value` with exactly `digits` decimals, grouped the language's way: "12 345,6" (kk, ru),
// "12,345.6" (en).
export function formatNumber(value: number, lang: Language = language.value, digits = 0): string {
  const id = `${lang}/${digits}`;
  let formatter = formatters.get(id);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat(kLocales[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(id, formatter);
  }
  return formatter
    .formatToParts(value)
    .map((part) => (part.type === "group" ? kGroup[lang] : part.type === "decimal" ? kDecimal[lang] : part.value))
    .join("");
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
