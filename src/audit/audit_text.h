// AuditText: the audit document for people, as `esep audit` prints it. Pure; thread-safe.

#pragma once

#include <string>

#include "audit/audit_document.h"

namespace esep::audit {

// The published figures' checks and the round-number test, then the precinct suite (with the
// time it took) and the observers' comparison and quick count, each part that is present.
std::string AuditText(const AuditDocument& document);

}  // namespace esep::audit
