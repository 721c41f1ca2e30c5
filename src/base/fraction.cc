#include "base/fraction.h"

#include <cassert>
#include <cctype>
#include <numeric>

#include <fmt/format.h>

#include "base/int128.h"

namespace esep {

namespace {

using Wide = Int128;

std::string WideToString(Wide value) {
  if (value == 0) {
    return "0";
  }
  std::string digits;
  while (value > 0) {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  }
  return digits;
}

}  // namespace

Fraction::Fraction(int64_t numerator, int64_t denominator) {
  assert(denominator > 0 && numerator >= 0);  // Callers construct from counts and seat numbers.
  const int64_t divisor = std::gcd(numerator, denominator);
  numerator_ = numerator / (divisor == 0 ? 1 : divisor);
  denominator_ = denominator / (divisor == 0 ? 1 : divisor);
}

std::string Fraction::ToString() const {
  if (denominator_ == 1) {
    return fmt::format("{}", numerator_);
  }
  return fmt::format("{}/{}", numerator_, denominator_);
}

std::string Fraction::ToDecimal(int digits) const {
  Wide scale = 1;
  for (int i = 0; i < digits; ++i) {
    scale *= 10;
  }
  // Round half up: floor((n * scale * 2 + d) / (2 * d)).
  const Wide scaled = (Wide{numerator_} * scale * 2 + denominator_) / (Wide{denominator_} * 2);
  const Wide whole = scaled / scale;
  std::string text = WideToString(whole);
  if (digits > 0) {
    std::string fraction = WideToString(scaled % scale);
    text += '.';
    text += std::string(static_cast<size_t>(digits) - fraction.size(), '0');
    text += fraction;
  }
  return text;
}

Result<Fraction> Fraction::ParseDecimal(std::string_view text) {
  std::string_view body = text;
  if (!body.empty() && body.back() == '%') {
    body.remove_suffix(1);
  }
  if (body.empty()) {
    return InvalidArgumentError(fmt::format("'{}' is not a number", text));
  }
  int64_t numerator = 0;
  int64_t denominator = 1;
  bool seen_point = false;
  int digits = 0;
  for (char c : body) {
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
      return InvalidArgumentError(
          fmt::format("'{}' is not a non-negative decimal number such as 5 or 7.25", text));
    }
    if (++digits > 15) {
      return InvalidArgumentError(fmt::format("'{}' has more than 15 digits", text));
    }
    numerator = numerator * 10 + (c - '0');
    if (seen_point) {
      denominator *= 10;
    }
  }
  if (digits == 0) {
    return InvalidArgumentError(fmt::format("'{}' is not a number", text));
  }
  return Fraction(numerator, denominator);
}

std::strong_ordering operator<=>(const Fraction& a, const Fraction& b) {
  return Wide{a.numerator_} * b.denominator_ <=> Wide{b.numerator_} * a.denominator_;
}

std::string FormatPercent(int64_t part, int64_t whole, int digits) {
  if (whole <= 0) {
    return "–";
  }
  // part * 100 fits: counts of ballots are far below 2^56.
  return Fraction(part * 100, whole).ToDecimal(digits);
}

bool ReachesPercent(int64_t part, int64_t whole, const Fraction& percent) {
  // part / whole >= p / q  <=>  part * 100 * q >= p * whole.
  return Wide{part} * 100 * percent.denominator() >= Wide{percent.numerator()} * whole;
}

}  // namespace esep
