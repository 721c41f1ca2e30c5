import { describe, expect, it } from "vitest";

import { formatNumber } from "./i18n";
import { kMaxFigure, parseFigure } from "./numbers";

describe("parseFigure", () => {
  it.each([
    ["0", 0],
    ["7", 7],
    ["  42 ", 42],
    ["007", 7],
    ["12345", 12345],
    ["12 345", 12345],
    ["12\u00a0345", 12345],
    ["1\u202f234\u202f567", 1234567],
    ["12,345", 12345],
    ["1,234,567", 1234567],
    [String(kMaxFigure), kMaxFigure],
  ])("reads %j as %d", (text, value) => {
    expect(parseFigure(text)).toEqual({ ok: true, value });
  });

  it.each(["", "   "])("keeps %j blank (null), never zero", (text) => {
    expect(parseFigure(text)).toEqual({ ok: true, value: null });
  });

  it.each(["-1", "1.5", "1,5", "12,34", "1e3", "abc", "12a", "+3", "٣", "１２"])(
    "refuses %j",
    (text) => {
      expect(parseFigure(text)).toEqual({ ok: false, reason: "not_a_number" });
    },
  );

  it("refuses a figure above the largest count", () => {
    expect(parseFigure("1000000000")).toEqual({ ok: false, reason: "too_large" });
    expect(parseFigure("99999999999999999999")).toEqual({ ok: false, reason: "too_large" });
  });

  it("reads back what formatNumber writes, in every language", () => {
    for (const lang of ["kk", "ru", "en"] as const) {
      expect(parseFigure(formatNumber(1234567, lang))).toEqual({ ok: true, value: 1234567 });
    }
  });
});

describe("formatNumber", () => {
  it("groups digits as Kazakh and Russian write them", () => {
    expect(formatNumber(1234567, "ru")).toBe("1\u00a0234\u00a0567");
    expect(formatNumber(1234567, "kk")).toBe("1\u00a0234\u00a0567");
    expect(formatNumber(1234567, "en")).toBe("1,234,567");
    expect(formatNumber(0, "kk")).toBe("0");
  });
});
