// The unit files of a version: the election's index, the nation, each region, district and
// territorial commission, and the progress of the count (docs/formats/snapshot.md). Part of
// BuildSnapshotFiles.

#pragma once

#include <vector>

#include "base/result.h"
#include "publish/snapshot_files.h"

namespace esep::publish::internal {

// Appends election.json, national.json, progress.json, regions/*.json, districts/*.json and
// territorial/*.json to `files`. Errors are those of results::ForEachResultRow.
Status AddUnitDocuments(const SnapshotSource& source, std::vector<SnapshotFile>& files);

}  // namespace esep::publish::internal
