// Forward declarations of the law module's types.

#pragma once

namespace esep::law {

struct ListRules;
struct ListVotes;
struct ListContestVotes;
struct ListAllocation;
struct CandidateVotes;
struct DistrictOutcome;
struct RuleSet;
class TieOrder;

}  // namespace esep::law
