#include "data_entry/command.h"

namespace esep::data_entry {

namespace {

template <typename... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <typename... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

std::string_view ActionName(const Action& action) {
  return std::visit(Overloaded{
                        [](const Claim&) { return std::string_view("claim"); },
                        [](const Save&) { return std::string_view("save"); },
                        [](const Finalise&) { return std::string_view("finalise"); },
                        [](const Discard&) { return std::string_view("discard"); },
                        [](const Resolve&) { return std::string_view("resolve"); },
                        [](const Approve&) { return std::string_view("approve"); },
                        [](const OpenCorrection&) { return std::string_view("open_correction"); },
                    },
                    action);
}

std::string_view ResolutionName(Resolution resolution) {
  switch (resolution) {
    case Resolution::kKeepFirst:
      return "keep_first";
    case Resolution::kKeepSecond:
      return "keep_second";
    case Resolution::kDiscardBoth:
      return "discard_both";
    case Resolution::kReturnFirst:
      return "return_first";
    case Resolution::kReturnSecond:
      return "return_second";
  }
  return "?";
}

}  // namespace esep::data_entry
