// turnout.json, the turnout by hour of a version (docs/formats/snapshot.md, "Turnout by hour"):
// from the precincts' turnout reports (their last accepted versions) and their party-list
// protocols, for the nation, each region and each territorial commission and at each report time
// of the rule set, how many precincts reported, the voters they reported, and the percent of
// the registered voters of those reporting precincts whose protocol is in; and the reports that
// exceed the ballots their precinct's protocol issued. Part of BuildSnapshotFiles.

#pragma once

#include <vector>

#include "base/result.h"
#include "publish/snapshot_files.h"

namespace esep::publish::internal {

// Appends turnout.json to `files`. kInvalidArgument when a report is not of a precinct of the
// definition or its time is not a report time of the definition's rule set.
Status AddTurnoutDocument(const SnapshotSource& source, std::vector<SnapshotFile>& files);

}  // namespace esep::publish::internal
