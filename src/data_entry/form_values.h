// FormValues: what a typist has typed into a protocol form so far — line key → whole number,
// or blank. Blank is not zero: a line not typed yet has no value (std::nullopt, or no entry
// in the map), and a blank required line blocks finalising. Conversion of a complete entry to
// a protocol::Protocol and back, and the lines on which two entries differ.
//
// Plain data and pure functions; thread-safe.

#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "data_entry/form_definition.h"
#include "data_entry/line_key.h"
#include "protocol/protocol.h"

namespace esep::data_entry {

// Iterates in the paper's order.
using FormValues = std::map<std::string, std::optional<int64_t>, PaperOrder>;

// The value typed for `key`, or nullopt when it is blank (absent or null).
std::optional<int64_t> ValueOf(const FormValues& values, std::string_view key);

// OK when every key is a line of `form` and every value is a whole number from 0 to
// kMaxLineValue; otherwise kInvalidArgument naming the first offending key as "values.<key>".
Status CheckValues(const FormDefinition& form, const FormValues& values);

// The first required line of `form` that is blank in `values`, or nullptr.
const FormLine* FirstBlankLine(const FormDefinition& form, const FormValues& values);

// The protocol that complete `values` record: kInvalidArgument as CheckValues, and
// kFailedPrecondition naming the first blank required line. A blank turnout line is "not
// reported".
Result<protocol::Protocol> ToProtocol(const FormDefinition& form, const FormValues& values);

// The values of `protocol` on `form`, every line typed (the turnout only when reported).
// kInvalidArgument when the protocol is another commission's or contest's, or its ballot has
// another number of choices than the form.
Result<FormValues> FromProtocol(const FormDefinition& form, const protocol::Protocol& protocol);

// The keys whose values differ between two entries, in the paper's order. Absent and null are
// the same (blank); blank and 0 differ.
std::vector<std::string> Differences(const FormValues& first, const FormValues& second);

}  // namespace esep::data_entry
