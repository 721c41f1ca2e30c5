#include "results/result_status.h"

namespace esep::results {

std::string_view ResultStatusName(ResultStatus status) {
  return status == ResultStatus::kFinal ? "final" : "preliminary";
}

}  // namespace esep::results
