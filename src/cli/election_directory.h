// Where an election named on the command line lives, and where the bundled data is.
//
// The bundled data (data/elections, data/mappings) is found relative to the running binary, so
// a copied or installed `esep` keeps its bundled elections; nothing is compiled in.

#pragma once

#include <string>

namespace esep::cli {

// The folder holding the bundled `elections/` and `mappings/`, the first that exists of:
// $ESEP_DATA_DIR when set and not empty; `<folder of the binary>/../share/esep` (installed as
// PREFIX/bin/esep with PREFIX/share/esep); `<folder of the binary>/share/esep` (the build tree,
// where CMake links share/esep to the source tree's data/). Empty when none exists.
std::string BundledDataDirectory();

// `name` as given when it is a directory; a bare id such as "kz-majilis-2023" is looked up in
// the bundled data's elections/ (BundledDataDirectory). Otherwise `name` unchanged, so the
// caller's error names what the user typed.
std::string ResolveElectionDirectory(const std::string& name);

}  // namespace esep::cli
