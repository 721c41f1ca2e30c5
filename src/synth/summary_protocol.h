// Summary protocols: a higher commission's own protocol of a contest, the sum of its children's
// protocols (a territorial commission's party-list summary of its precincts, a district
// commission's summary of its district's precincts). Pure functions on plain data; thread-safe.

#pragma once

#include "protocol/protocol.h"

namespace esep::synth {

// Adds every figure of `child` into `summary`, choice by choice (the summary gets as many
// choices as its longest child). The daytime turnout is summed while every child reports one
// and left unreported from the first child that does not. Start from a Protocol whose
// turnout_reported_during_day is 0 and whose commission and contest are the summary's own.
void AddToSummary(const protocol::Protocol& child, protocol::Protocol& summary);

}  // namespace esep::synth
