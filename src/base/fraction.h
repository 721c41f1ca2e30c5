// Fraction: an exact non-negative rational number, for quotas, quotients and thresholds.
//
// Everything that decides a seat, a winner or a threshold compares Fractions by 128-bit
// cross-multiplication, never as doubles. Decimal renderings are computed exactly from the
// integers (rounded half up), so a printed 5.002 is the true value, not a binary float's.
// Value type; numerator and denominator are int64_t, the denominator is always positive.

#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace esep {

class Fraction {
 public:
  Fraction() = default;
  // REQUIRES: denominator > 0, numerator >= 0. Stored in lowest terms.
  Fraction(int64_t numerator, int64_t denominator);  // NOLINT(google-explicit-constructor)
  static Fraction Whole(int64_t value) { return Fraction(value, 1); }

  int64_t numerator() const { return numerator_; }
  int64_t denominator() const { return denominator_; }

  // The largest integer not above the value.
  int64_t Floor() const { return numerator_ / denominator_; }

  // "5/1" prints as "5", otherwise "numerator/denominator".
  std::string ToString() const;

  // The value to `digits` decimal places, rounded half up: Fraction(2, 3).ToDecimal(3) is
  // "0.667". Exact: no floating point is involved.
  std::string ToDecimal(int digits) const;

  // A number such as "5", "7.25" or "5%" (a trailing % sign is allowed) as an exact
  // Fraction. Returns kInvalidArgument for anything else, including negative numbers.
  static Result<Fraction> ParseDecimal(std::string_view text);

  friend std::strong_ordering operator<=>(const Fraction& a, const Fraction& b);
  friend bool operator==(const Fraction& a, const Fraction& b) {
    return a.numerator_ == b.numerator_ && a.denominator_ == b.denominator_;
  }

 private:
  int64_t numerator_ = 0;
  int64_t denominator_ = 1;
};

// `part` as a percentage of `whole`, exactly rounded half up to `digits` decimals, without
// the % sign: FormatPercent(1, 3, 2) is "33.33". A zero whole prints "–".
std::string FormatPercent(int64_t part, int64_t whole, int digits);

// True when part / whole >= percent / 100, decided exactly.
// REQUIRES: whole >= 0, part >= 0.
bool ReachesPercent(int64_t part, int64_t whole, const Fraction& percent);

}  // namespace esep
