#include "base/work_control.h"

#include <fmt/format.h>

namespace esep {

Status WorkControl::CheckCancelled(std::string_view what) const {
  if (!cancelled()) {
    return OkStatus();
  }
  return CancelledError(
      fmt::format("{}: stopped before it finished; nothing after the last "
                  "completed step was applied",
                  what));
}

}  // namespace esep
