// The language of the interface: Kazakh, Russian or English, switched at run time and remembered
// in localStorage. t() reads the current language signal, so a component that calls it re-renders
// when the language changes.
import { signal } from "@preact/signals";

import { en, type MessageKey } from "./en";
import { kk } from "./kk";
import { ru } from "./ru";

export type Language = "kk" | "ru" | "en";
export type { MessageKey };

export const kLanguages: readonly Language[] = ["kk", "ru", "en"];
// Each language's name in itself, for the switch.
export const kLanguageNames: Record<Language, string> = {
  kk: "Қазақша",
  ru: "Русский",
  en: "English",
};
export const kCatalogues: Record<Language, Record<MessageKey, string>> = { kk, ru, en };
// BCP 47 locales for Intl: digit grouping as a commission secretary writes numbers.
const kLocales: Record<Language, string> = { kk: "kk-KZ", ru: "ru-RU", en: "en-GB" };
const kStorageKey = "esep.language";

function isLanguage(value: unknown): value is Language {
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
  const preferred = globalThis.navigator?.languages ?? [];
  for (const tag of preferred) {
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

// The message `key` in `lang` (default: the current language) with {placeholders} filled.
export function t(
  key: MessageKey,
  params: Record<string, string | number> = {},
  lang: Language = language.value,
): string {
  const template = kCatalogues[lang][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatNumber(value, lang) : value;
  });
}

const formatters = new Map<Language, Intl.NumberFormat>();

// CLDR's digit-group separator of each language. Kazakh and Russian both group with a no-break
// space. Chromium's trimmed ICU data formats 'kk-KZ' with the root locale's comma, so the symbol
// is set here rather than left to the engine: every browser then writes the same figure.
const kGroupSeparator: Record<Language, string> = { kk: "\u00a0", ru: "\u00a0", en: "," };

// A whole number with the language's digit grouping: "12 345" (kk, ru; the space is U+00A0),
// "12,345" (en).
export function formatNumber(value: number, lang: Language = language.value): string {
  let formatter = formatters.get(lang);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat(kLocales[lang], { maximumFractionDigits: 0 });
    formatters.set(lang, formatter);
  }
  return formatter
    .formatToParts(value)
    .map((part) => (part.type === "group" ? kGroupSeparator[lang] : part.value))
    .join("");
}

// The label of a protocol line by its key (see api.ts FormLine). A choice line shows the party's
// or candidate's name as the form gives it; a key this catalogue does not know falls back to the
// server's English label.
export function lineLabel(key: string, serverLabel: string, lang: Language = language.value): string {
  if (key.startsWith("choice.")) return t("line.choice", { name: serverLabel }, lang);
  const messageKey = `line.${key}`;
  if (messageKey in en) return t(messageKey as MessageKey, {}, lang);
  return serverLabel;
}

// The message of a control ratio by its id, falling back to the server's English sentence for
// an id this catalogue does not know yet.
export function ratioMessage(id: string, serverMessage: string, lang: Language = language.value): string {
  const messageKey = `ratio.${id}`;
  if (messageKey in en) return t(messageKey as MessageKey, {}, lang);
  return serverMessage;
}
