// FormDefinition: the protocol form of one contest as data — the numbered lines of the paper
// protocol in the paper's order (the twelve figures of the ballot account, each list or
// candidate, "against all"), the unnumbered daytime-turnout line, and the control ratios that
// check one protocol. The web application draws the form and evaluates the ratios from it
// (docs/formats/entry-form.md); the server checks with the same data.
//
// Plain data, copied freely. The ratios' string views point into the static catalogue of
// protocol/control_ratio.h and live as long as the program.

#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "protocol/control_ratio.h"
#include "protocol/protocol.h"

namespace esep::data_entry {

struct FormLine {
  std::optional<int> number;  // as printed on the paper (1, 2, ...); none for the turnout line
  std::string key;            // "ballots_received", "choice.3" (line_key.h)
  std::string label;          // English; a choice's label is its name as given
  bool required = true;       // a blank required line blocks finalising
};

struct FormDefinition {
  std::string protocol_id;    // "P-1:list" (ProtocolId)
  std::string commission_id;  // the commission whose protocol this is
  protocol::ContestRef contest;
  std::vector<FormLine> lines;                 // in the paper's order
  std::vector<protocol::ControlRatio> ratios;  // the catalogue's one-protocol (kProtocol) ratios

  // The line with this key, or nullptr. The pointer lives as long as this form.
  const FormLine* FindLine(std::string_view key) const;
  // How many lists or candidates the ballot has.
  int choices() const;
};

// "P-1:list" for the party-list contest, "P-1:d7" for district 7's (the API's protocol id).
std::string ProtocolId(std::string_view commission_id, const protocol::ContestRef& contest);

// The form of `commission_id`'s protocol for `contest`, whose ballot lists `choice_names` in
// ballot order, checked by the one-protocol ratios of `ratios` (a catalogue from
// protocol::ControlRatios). kInvalidArgument when there is no choice, a name is blank, the
// commission id is empty or a district contest has no district number.
Result<FormDefinition> MakeFormDefinition(std::string commission_id,
                                          const protocol::ContestRef& contest,
                                          const std::vector<std::string>& choice_names,
                                          std::span<const protocol::ControlRatio> ratios);

}  // namespace esep::data_entry
