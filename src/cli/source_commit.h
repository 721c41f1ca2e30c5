// The version of esep and the source commit it was built from, for `esep --version`, so a
// published result can cite the exact build. kSourceCommit is generated at every build by
// cmake/SourceCommit.cmake: "commit <git describe>" (with "-dirty" for uncommitted changes), or
// "unknown commit" for a build outside a git work tree (a source tarball).

#pragma once

namespace esep::cli {

extern const char* const kSourceCommit;

}  // namespace esep::cli
