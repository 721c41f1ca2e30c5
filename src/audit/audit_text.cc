#include "audit/audit_text.h"

#include <fmt/format.h>

#include "published/party_list_audit_text.h"
#include "published/published_checks_text.h"

namespace esep::audit {

std::string AuditText(const AuditDocument& document) {
  std::string text;
  if (document.published.has_value()) {
    const PublishedAudit& published = *document.published;
    text += published::PublishedChecksText(published.checks);
    text +=
        published::PartyListAuditText(published.round_numbers, published.source, published.alpha);
  }
  if (document.precinct_suite.has_value()) {
    if (!text.empty()) {
      text += "\n";
    }
    text += fingerprints::PrecinctSuiteText(*document.precinct_suite) +
            fmt::format("({:.2f} s for the precinct-level suite)\n",
                        document.timings.precinct_suite_seconds);
  }
  if (document.store.has_value()) {
    text += '\n';
    text += StoreFindingsText(*document.store, document.precinct_suite.has_value()
                                                   ? document.precinct_suite->options.max_listed
                                                   : size_t{20});
  }
  if (document.observers.has_value()) {
    text += '\n';
    text += observers::ObserverComparisonText(document.observers->comparison);
    text += '\n';
    text += observers::PvtText(document.observers->pvt);
  }
  return text;
}

}  // namespace esep::audit
