// Special commissions: polling stations whose turnout is high or low by their nature — on
// ships, in hospitals, at stations abroad, in detention — and which the turnout-by-commission
// test (fingerprints/turnout_shape.h) sets apart instead of comparing with ordinary ones. A rule
// marks them: a column of a mapped CSV and its values, or patterns on the precinct id or its
// commission's name (for a store or an election directory, whose tables have no such column).
// docs/formats/column-mapping.md ("special") gives the syntax. Pure functions; thread-safe.
//
// Example:
//   SpecialCommissionRule rule{.id_pattern = "^99[0-9]{2}$"};
//   RETURN_IF_ERROR(MarkSpecialCommissions(rule, table));

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "base/status.h"
#include "precincts/precinct_table.h"

namespace esep::precincts {

struct SpecialCommissionRule {
  // A mapped CSV's column (names or "#N" positions, joined with " / " like ids) and the values
  // that mark a special commission, compared after trimming, exactly. Read by the CSV reader.
  std::vector<std::string> column;
  std::vector<std::string> values;
  // ECMAScript regular expressions, searched (not anchored) in the precinct id and in the name
  // of its commission (PrecinctTable::group_names); "" for none.
  std::string id_pattern;
  std::string group_pattern;

  bool any() const { return !column.empty() || !id_pattern.empty() || !group_pattern.empty(); }
  // The rule in words for reports: `column "Type" is one of "ship", "hospital"; id matches
  // /^99/`.
  std::string Describe() const;
};

// The "special" key of a column mapping: an object with "column" and "values", and/or
// "id_pattern", "group_pattern" (and "comment"). kInvalidArgument naming `source` and the key
// for anything else, an empty list, or a pattern that is not a valid regular expression.
Result<SpecialCommissionRule> ParseSpecialCommissionRule(const nlohmann::json& value,
                                                         std::string_view source);

// kInvalidArgument naming `what` (e.g. "--special-id") when `pattern` is not a valid
// ECMAScript regular expression.
Status CheckSpecialPattern(const std::string& pattern, std::string_view what);

// Marks the precincts of `table` whose id matches rule.id_pattern or whose commission's name
// matches rule.group_pattern (an id or name longer than 1,024 bytes never matches: the matcher's
// recursion must stay bounded) as special (the column part of the rule is the CSV reader's), and
// adds the rule's description to table.special_rule. kInvalidArgument for a pattern that is not
// a valid regular expression; the table is unchanged then.
Status MarkSpecialCommissions(const SpecialCommissionRule& rule, PrecinctTable& table);

}  // namespace esep::precincts
