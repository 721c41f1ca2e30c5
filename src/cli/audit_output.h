// What `esep audit` produces: the text for people and the JSON document for machines, built
// together, part by part, so that the text, `--format json` and the report always hold the same
// numbers.

#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace esep::cli {

struct AuditOutput {
  std::string text;
  nlohmann::json json = nlohmann::json::object();
};

}  // namespace esep::cli
