// The language of esep's pages — Kazakh, Russian or English — shared by the commission
// application and the public portal: the choice (remembered in localStorage under one key, so a
// visitor who chose Russian in one sees Russian in the other), and numbers written the language's
// way. Each application keeps its own message catalogues (i18n/index.ts, portal/i18n/index.ts).
import { signal } from "@preact/signals";

export type Language = "kk" | "ru" | "en";

export const kLanguages: readonly Language[] = ["kk", "ru", "en"];
// Each language's name in itself, for the switch.
export const kLanguageNames: Record<Language, string> = {
  kk: "Қазақша",
  ru: "Русский",
  en: "English",
};
// BCP 47 locales for Intl: digit grouping as a commission secretary writes numbers.
const kLocales: Record<Language, string> = { kk: "kk-KZ", ru: "ru-RU", en: "en-GB" };
const kStorageKey = "esep.language";

// CLDR's separators, set here rather than left to the engine: Chromium's trimmed ICU data
// formats kk-KZ with the root locale's comma and point, so every browser then writes the same
// figure. Kazakh and Russian group with a no-break space and use a decimal comma.
const kGroup: Record<Language, string> = { kk: "\u00a0", ru: "\u00a0", en: "," };
const kDecimal: Record<Language, string> = { kk: ",", ru: ",", en: "." };

export function isLanguage(value: unknown): value is Language {
  return value === "kk" || value === "ru" || value === "en";
}

// The remembered choice, else the browser's first kk/ru/en preference, else Kazakh (the state
// language).
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

const formatters = new Map<string, Intl.NumberFormat>();

// `value` with exactly `digits` decimals (default none), grouped the language's way:
// "12 345,6" (kk, ru; the space is U+00A0), "12,345.6" (en).
export function formatNumber(value: number, lang: Language = language.value, digits = 0): string {
  const id = `${lang}/${digits}`;
  let formatter = formatters.get(id);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat(kLocales[lang], {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(id, formatter);
  }
  return formatter
    .formatToParts(value)
    .map((part) =>
      part.type === "group" ? kGroup[lang] : part.type === "decimal" ? kDecimal[lang] : part.value,
    )
    .join("");
}
