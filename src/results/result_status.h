// The status of a result: final when the unit has every protocol it expects and none of its
// commissions has an open correction; preliminary otherwise.

#pragma once

#include <string_view>

namespace esep::results {

enum class ResultStatus { kPreliminary, kFinal };

// "preliminary", "final".
std::string_view ResultStatusName(ResultStatus status);

}  // namespace esep::results
