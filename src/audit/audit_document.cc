#include "audit/audit_document.h"

namespace esep::audit {

bool AuditDocument::synthetic() const {
  return definition_synthetic.value_or(false) ||
         (precinct_suite.has_value() && precinct_suite->header.synthetic) ||
         (observers.has_value() && (observers->comparison.synthetic || observers->pvt.synthetic));
}

}  // namespace esep::audit
