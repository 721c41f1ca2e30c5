import { describe, expect, it } from "vitest";

import { kCatalogues, kLanguages, lineLabel, ratioMessage, t } from "./i18n";
import { kzListForm, kzRatios } from "../tests/fixtures/kz_form";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("catalogues", () => {
  const english = Object.keys(kCatalogues.en).sort();

  it.each(kLanguages)("%s has exactly the English keys", (lang) => {
    expect(Object.keys(kCatalogues[lang]).sort()).toEqual(english);
  });

  it.each(kLanguages)("%s has no empty message and the same placeholders as English", (lang) => {
    const catalogue = kCatalogues[lang];
    for (const key of english) {
      const text = catalogue[key as keyof typeof catalogue];
      expect(text.trim(), key).not.toBe("");
      expect(placeholders(text), key).toEqual(placeholders(kCatalogues.en[key as keyof typeof catalogue]));
    }
  });

  it.each(["kk", "ru"] as const)("%s is translated, not copied from English", (lang) => {
    // Messages that are the same in every language (none today) would be listed here.
    const copied = english.filter(
      (key) => kCatalogues[lang][key as keyof typeof kCatalogues.en] === kCatalogues.en[key as keyof typeof kCatalogues.en],
    );
    expect(copied).toEqual([]);
  });

  it("labels every line of the form and every ratio in every language", () => {
    for (const lang of kLanguages) {
      for (const line of kzListForm.lines) {
        if (line.key.startsWith("choice.")) continue;
        expect(lineLabel(line.key, "SERVER", lang), `${lang} ${line.key}`).not.toBe("SERVER");
      }
      expect(lineLabel("sum_of_choices", "SERVER", lang)).not.toBe("SERVER");
      for (const ratio of kzRatios) {
        expect(ratioMessage(ratio.id, "SERVER", lang), `${lang} ${ratio.id}`).not.toBe("SERVER");
      }
    }
  });

  it("uses the official terms of the protocol", () => {
    expect(lineLabel("voters_on_list", "", "kk")).toBe("Сайлаушылар тізіміне енгізілген сайлаушылар саны");
    expect(lineLabel("voters_on_list", "", "ru")).toBe("Число избирателей, внесенных в список избирателей");
  });

  it("shows a party's name as given, and falls back to the server for unknown keys and ids", () => {
    expect(lineLabel("choice.3", "Respublica", "ru")).toBe("Число голосов за: Respublica");
    expect(lineLabel("new_line", "a new line", "kk")).toBe("a new line");
    expect(ratioMessage("KZ-99", "A new rule.", "kk")).toBe("A new rule.");
  });

  it("fills placeholders, numbers with the language's grouping", () => {
    expect(t("form.blocked_errors", { count: 12345 }, "ru")).toBe("Ошибок, которые нужно исправить: 12\u00a0345.");
    expect(t("form.goto_unknown", { line: "99" }, "kk")).toBe("Бұл хаттамада 99-жол жоқ.");
  });
});
