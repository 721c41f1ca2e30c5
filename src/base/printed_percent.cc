#include "base/printed_percent.h"

#include <fmt/format.h>

#include "base/int128.h"
#include "base/text.h"

namespace esep {

namespace {

Int128 Pow10(int digits) {
  Int128 value = 1;
  for (int i = 0; i < digits; ++i) {
    value *= 10;
  }
  return value;
}

}  // namespace

Result<PrintedPercent> ParsePrintedPercent(std::string_view text) {
  std::string_view digits = Trim(text);
  if (!digits.empty() && digits.back() == '%') {
    digits.remove_suffix(1);
  }
  PrintedPercent printed;
  bool seen_point = false;
  int integer_digits = 0;
  for (char c : digits) {
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    // 15 digits keep 100 * 10^6 * part below Int128's range for any int64 part.
    if (c < '0' || c > '9' || integer_digits + printed.decimals >= 15) {
      return InvalidArgumentError(fmt::format("'{}' is not a percentage such as 57.02%", text));
    }
    printed.scaled = printed.scaled * 10 + (c - '0');
    (seen_point ? printed.decimals : integer_digits) += 1;
  }
  if (integer_digits == 0 || (seen_point && printed.decimals == 0) ||
      printed.decimals > kMaxPrintedDecimals || printed.scaled > 100 * Pow10(printed.decimals)) {
    return InvalidArgumentError(
        fmt::format("'{}' is not a percentage between 0 and 100 with at most {} decimals", text,
                    kMaxPrintedDecimals));
  }
  return printed;
}

bool WithinRounding(int64_t part, int64_t whole, const PrintedPercent& printed) {
  const Int128 k = 100 * Pow10(printed.decimals);
  const Int128 gap = k * part - Int128{printed.scaled} * whole;
  return 2 * (gap < 0 ? -gap : gap) <= Int128{whole};
}

}  // namespace esep
