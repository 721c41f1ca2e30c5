#include "http/request.h"

namespace esep::http {

std::string_view Request::param(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

std::string_view Request::header(std::string_view name) const {
  const auto found = headers.find(name);
  if (found == headers.end()) {
    return {};
  }
  return {found->value().data(), found->value().size()};
}

}  // namespace esep::http
