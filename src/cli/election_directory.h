// Where an election named on the command line lives.

#pragma once

#include <string>

namespace esep::cli {

// `name` as given when it is a directory; a bare id such as "kz-majilis-2023" is looked up in
// the source tree's data/elections/.
std::string ResolveElectionDirectory(const std::string& name);

}  // namespace esep::cli
