// Forward declarations of the published module's types.

#pragma once

namespace esep::published {

enum class CheckKind;
struct PublishedCheck;
struct PublishedFigure;
struct Share;
struct ShareCloseness;
struct RoundNumberTest;
struct RegionTests;
struct PartyListAudit;

}  // namespace esep::published
