#include "precincts/special_commissions.h"

#include <optional>
#include <regex>

#include <fmt/format.h>

#include "base/text.h"

namespace esep::precincts {

namespace {

using Json = nlohmann::json;

constexpr size_t kMaxPatternLength = 1000;

// std::regex reports a bad pattern by throwing; the exception is turned into a Status here, at
// the only place a pattern from the user is compiled.
Result<std::optional<std::regex>> Compile(const std::string& pattern, std::string_view what) {
  if (pattern.empty()) {
    return std::optional<std::regex>();
  }
  // Compiling is recursive too: a bound on the pattern bounds its depth.
  if (pattern.size() > kMaxPatternLength) {
    return InvalidArgumentError(
        fmt::format("{}: a pattern of {} characters; at most {} are accepted", what, pattern.size(),
                    kMaxPatternLength));
  }
  try {
    return std::optional<std::regex>(std::regex(pattern, std::regex::ECMAScript));
  } catch (const std::regex_error& error) {
    return InvalidArgumentError(
        fmt::format("{}: \"{}\" is not a valid regular expression (ECMAScript syntax): {}", what,
                    pattern, error.what()));
  }
}

std::string QuotedList(const std::vector<std::string>& items) {
  std::string list;
  for (const std::string& item : items) {
    list += list.empty() ? "" : ", ";
    list += fmt::format("\"{}\"", item);
  }
  return list;
}

Result<std::vector<std::string>> StringList(const Json& value, std::string_view source,
                                            std::string_view key) {
  std::vector<std::string> items;
  if (value.is_string()) {
    items.push_back(value.get<std::string>());
  } else if (value.is_array()) {
    for (const Json& item : value) {
      if (!item.is_string()) {
        return InvalidArgumentError(
            fmt::format("{}: key \"special\": \"{}\" must be a list of strings", source, key));
      }
      items.push_back(item.get<std::string>());
    }
  }
  if (items.empty()) {
    return InvalidArgumentError(
        fmt::format("{}: key \"special\": \"{}\" must be a string or a non-empty list of strings",
                    source, key));
  }
  return items;
}

// libstdc++'s std::regex matches by recursion whose depth can grow with the text's length, so
// a pattern such as ".*x" over an id of a megabyte would exhaust the stack: longer texts are
// never matched (no real precinct id or commission name comes near).
constexpr size_t kMaxMatchedLength = 1024;

bool Matches(const std::string& text, const std::regex& pattern) {
  return text.size() <= kMaxMatchedLength && std::regex_search(text, pattern);
}

}  // namespace

std::string SpecialCommissionRule::Describe() const {
  std::vector<std::string> parts;
  if (!column.empty()) {
    parts.push_back(fmt::format("column {} is one of {}", QuotedList(column), QuotedList(values)));
  }
  if (!id_pattern.empty()) {
    parts.push_back(fmt::format("precinct id matches /{}/", id_pattern));
  }
  if (!group_pattern.empty()) {
    parts.push_back(fmt::format("commission name matches /{}/", group_pattern));
  }
  std::string text;
  for (const std::string& part : parts) {
    text += text.empty() ? part : "; or " + part;
  }
  return text;
}

Result<SpecialCommissionRule> ParseSpecialCommissionRule(const Json& value,
                                                         std::string_view source) {
  if (!value.is_object()) {
    return InvalidArgumentError(fmt::format(
        "{}: key \"special\": must be an object: {{\"column\": ..., \"values\": [...]}}, "
        "{{\"id_pattern\": \"...\"}} or {{\"group_pattern\": \"...\"}}",
        source));
  }
  SpecialCommissionRule rule;
  for (const auto& [key, item] : value.items()) {
    if (key == "column") {
      ASSIGN_OR_RETURN(rule.column, StringList(item, source, key));
    } else if (key == "values") {
      ASSIGN_OR_RETURN(rule.values, StringList(item, source, key));
    } else if (key == "id_pattern" || key == "group_pattern") {
      if (!item.is_string() || item.get<std::string>().empty()) {
        return InvalidArgumentError(fmt::format(
            "{}: key \"special\": \"{}\" must be a non-empty regular expression", source, key));
      }
      (key == "id_pattern" ? rule.id_pattern : rule.group_pattern) = item.get<std::string>();
      RETURN_IF_ERROR(
          CheckSpecialPattern(item.get<std::string>(), fmt::format("{}: special.{}", source, key)));
    } else if (key != "comment") {
      return InvalidArgumentError(fmt::format(
          "{}: key \"special\": unknown key \"{}\" (column, values, id_pattern, group_pattern, "
          "comment)",
          source, key));
    }
  }
  if (rule.column.empty() != rule.values.empty()) {
    return InvalidArgumentError(fmt::format(
        "{}: key \"special\": \"column\" and \"values\" go together: the column, and which of "
        "its values mark a special commission",
        source));
  }
  if (!rule.any()) {
    return InvalidArgumentError(
        fmt::format("{}: key \"special\": give \"column\" with \"values\", \"id_pattern\" or "
                    "\"group_pattern\"",
                    source));
  }
  for (std::string& item : rule.values) {
    item = std::string(Trim(item));
  }
  return rule;
}

Status CheckSpecialPattern(const std::string& pattern, std::string_view what) {
  ASSIGN_OR_RETURN(const std::optional<std::regex> compiled, Compile(pattern, what));
  (void)compiled;
  return OkStatus();
}

Status MarkSpecialCommissions(const SpecialCommissionRule& rule, PrecinctTable& table) {
  ASSIGN_OR_RETURN(const std::optional<std::regex> id, Compile(rule.id_pattern, "id pattern"));
  ASSIGN_OR_RETURN(const std::optional<std::regex> group,
                   Compile(rule.group_pattern, "commission pattern"));
  if (!id.has_value() && !group.has_value()) {
    return OkStatus();
  }
  // Each commission's name is matched once, not once per precinct.
  std::vector<uint8_t> group_matches(table.group_names.size(), 0);
  if (group.has_value()) {
    for (size_t g = 0; g < table.group_names.size(); ++g) {
      group_matches[g] = Matches(table.group_names[g], *group) ? 1 : 0;
    }
  }
  table.special.resize(table.size(), 0);
  for (size_t p = 0; p < table.size(); ++p) {
    if (group_matches[table.group[p]] != 0 || (id.has_value() && Matches(table.ids[p], *id))) {
      table.special[p] = 1;
    }
  }
  SpecialCommissionRule patterns = rule;
  patterns.column.clear();
  patterns.values.clear();
  const std::string described = patterns.Describe();
  table.special_rule += table.special_rule.empty() ? described : "; or " + described;
  return OkStatus();
}

}  // namespace esep::precincts
