// The commission application's messages in Kazakh, Russian and English; the language itself (the
// choice, remembered, and numbers written its way) is language.ts, shared with the portal. t()
// reads the current language signal, so a component that calls it re-renders when it changes.
import { formatNumber, language, type Language } from "./language";
import { en, type MessageKey } from "./en";
import { kk } from "./kk";
import { ru } from "./ru";

export { formatNumber, kLanguageNames, kLanguages, language, setLanguage } from "./language";
export type { Language } from "./language";
export type { MessageKey };

export const kCatalogues: Record<Language, Record<MessageKey, string>> = { kk, ru, en };

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
