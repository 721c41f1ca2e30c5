// Reading a figure as the typist typed it. A protocol figure is a whole number ≥ 0; blank means
// "not typed yet" and stays null (never a forced zero). Digit-group spaces are accepted in any of
// the forms the kk/ru/en formats print (space, no-break space, narrow no-break space), and so is
// the English comma grouping "12,345"; a dot, a minus sign or a letter is refused rather than
// guessed at (in Russian and Kazakh a comma is the decimal separator).

export type ParsedFigure =
  | { ok: true; value: number | null }
  | { ok: false; reason: "not_a_number" | "too_large" };

// Larger than any count on a protocol (Kazakhstan has about 12 million voters), far below the
// largest exact double.
export const kMaxFigure = 999_999_999;

export function parseFigure(text: string): ParsedFigure {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: null };
  let digits: string;
  if (/^\d{1,3}(,\d{3})+$/.test(trimmed)) {
    digits = trimmed.replace(/,/g, "");
  } else {
    digits = trimmed.replace(/[ \u00a0\u202f]/g, "");
    if (!/^\d+$/.test(digits)) return { ok: false, reason: "not_a_number" };
  }
  const stripped = digits.replace(/^0+(?=\d)/, "");
  if (stripped.length > 9) return { ok: false, reason: "too_large" };
  const value = Number(stripped);
  if (value > kMaxFigure) return { ok: false, reason: "too_large" };
  return { ok: true, value };
}
