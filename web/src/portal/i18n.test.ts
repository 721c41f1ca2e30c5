// The portal's catalogues: the same keys, the same placeholders, nothing empty, nothing left in
// English; and numbers written the way each language writes them.
import { describe, expect, it } from "vitest";

import { formatDecimal, formatNumber, formatPercent, kCatalogues, t } from "./i18n";
import { kCompareCatalogues } from "./i18n/compare";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

// `catalogues` (keyed by language) have every key of the English one with its placeholders,
// nothing empty and nothing left in English.
function checkCatalogues<Key extends string>(name: string, catalogues: Record<"kk" | "ru" | "en", Record<Key, string>>): void {
  const english = catalogues.en;
  for (const lang of ["kk", "ru"] as const) {
    it(`${name}: ${lang} has every key of en with its placeholders, translated`, () => {
      const catalogue = catalogues[lang];
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(english).sort());
      for (const [key, reference] of Object.entries(english) as Array<[Key, string]>) {
        const text = catalogue[key];
        expect(text.trim(), key).not.toBe("");
        expect(placeholders(text), key).toEqual(placeholders(reference));
        // A message of placeholders and signs alone ("{name}") may read the same in every language.
        if (reference.replace(/\{\w+\}/g, "").replace(/[\s:.,()%–—→-]/g, "") !== "") expect(text, key).not.toBe(reference);
      }
    });
  }
}

describe("portal catalogues", () => {
  checkCatalogues("main", kCatalogues);
  checkCatalogues("comparison", kCompareCatalogues);
});

describe("portal numbers", () => {
  it("groups with a no-break space in Kazakh and Russian and a comma in English", () => {
    expect(formatNumber(12_035_578, "kk")).toBe("12\u00a0035\u00a0578");
    expect(formatNumber(12_035_578, "ru")).toBe("12\u00a0035\u00a0578");
    expect(formatNumber(12_035_578, "en")).toBe("12,035,578");
  });

  it("keeps a published decimal's digits, with the language's decimal sign", () => {
    expect(formatDecimal("53.50", "ru")).toBe("53,50");
    expect(formatDecimal("85366.217391", "kk")).toBe("85\u00a0366,217391");
    expect(formatDecimal("53.50", "en")).toBe("53.50");
    expect(formatPercent("5", "ru")).toBe("5\u00a0%");
    expect(formatPercent("53.55", "kk")).toBe("53,55%");
  });

  it("fills placeholders with formatted numbers", () => {
    expect(t("progress.text", { done: 1270, total: 3000 }, "en")).toBe("1,270 of 3,000 protocols");
    expect(t("progress.text", { done: 1270, total: 3000 }, "ru")).toBe("1\u00a0270 из 3\u00a0000 протоколов");
  });
});
