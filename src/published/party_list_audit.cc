#include "published/party_list_audit.h"

#include <algorithm>

#include "base/result.h"

namespace esep::published {

std::vector<Share> RowShares(const model::ElectionDefinition& definition,
                             const model::ListResultRow& row, const std::string& unit) {
  std::vector<Share> shares;
  const int64_t base = row.list_votes() + row.against_all;
  if (base <= 0) {
    return shares;
  }
  for (size_t i = 0; i < row.party_votes.size() && i < definition.parties().size(); ++i) {
    shares.push_back({unit + " | " + definition.parties()[i].short_name, row.party_votes[i], base});
  }
  shares.push_back({unit + " | against all", row.against_all, base});
  return shares;
}

Result<PartyListAudit> AuditPartyList(const model::ElectionDefinition& definition,
                                      const model::PublishedListResults& results,
                                      long double alpha) {
  PartyListAudit audit;
  audit.alpha = alpha;
  model::ListResultRow national;
  if (results.national.has_value()) {
    audit.national_published = true;
    national = *results.national;
  } else {
    national.party_votes.assign(definition.parties().size(), 0);
    for (const model::ListResultRow& row : results.regions) {
      for (size_t i = 0; i < row.party_votes.size() && i < national.party_votes.size(); ++i) {
        national.party_votes[i] += row.party_votes[i];
      }
      national.against_all += row.against_all;
    }
  }
  const std::vector<Share> national_shares = RowShares(definition, national, "national");
  std::vector<Share> region_shares;
  for (const model::ListResultRow& row : results.regions) {
    const std::string name = definition.UnitName(row.region_id, row.published_name);
    const std::vector<Share> shares = RowShares(definition, row, name);
    RegionTests region{.region = name};
    ASSIGN_OR_RETURN(region.grid_01, TestRoundNumbers(shares, kGrid01Percent));
    ASSIGN_OR_RETURN(region.grid_001, TestRoundNumbers(shares, kGrid001Percent));
    audit.by_region.push_back(std::move(region));
    region_shares.insert(region_shares.end(), shares.begin(), shares.end());
  }
  ASSIGN_OR_RETURN(audit.national_01, TestRoundNumbers(national_shares, kGrid01Percent));
  ASSIGN_OR_RETURN(audit.national_001, TestRoundNumbers(national_shares, kGrid001Percent));
  ASSIGN_OR_RETURN(audit.regions_01, TestRoundNumbers(region_shares, kGrid01Percent));
  ASSIGN_OR_RETURN(audit.regions_001, TestRoundNumbers(region_shares, kGrid001Percent));
  audit.smallest_p = std::min({audit.national_01.p_value, audit.national_001.p_value,
                               audit.regions_01.p_value, audit.regions_001.p_value});
  audit.flagged = audit.smallest_p <= alpha / kAuditTests;
  return audit;
}

}  // namespace esep::published
