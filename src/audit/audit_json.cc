#include "audit/audit_json.h"

#include "published/party_list_audit_text.h"
#include "published/published_checks_text.h"

namespace esep::audit {

nlohmann::json AuditJson(const AuditDocument& document) {
  nlohmann::json json = nlohmann::json::object();
  if (document.published.has_value()) {
    const PublishedAudit& published = *document.published;
    json =
        published::PartyListAuditJson(published.round_numbers, published.source, published.alpha);
    json["published_checks"] = published::PublishedChecksJson(published.checks);
  }
  if (document.definition_synthetic.has_value()) {
    json["synthetic"] = *document.definition_synthetic;
  }
  if (document.precinct_suite.has_value()) {
    nlohmann::json suite = fingerprints::PrecinctSuiteJson(*document.precinct_suite);
    suite["total_seconds"] = document.timings.precinct_suite_seconds;  // volatile
    json["precinct_suite"] = std::move(suite);
  }
  if (document.store.has_value()) {
    json["store"] = StoreFindingsJson(*document.store);
  }
  if (document.observers.has_value()) {
    json["observers"] = observers::ObserverComparisonJson(document.observers->comparison);
    json["pvt"] = observers::PvtJson(document.observers->pvt);
  }
  return json;
}

std::string AuditJsonText(const AuditDocument& document) {
  return AuditJson(document).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace esep::audit
