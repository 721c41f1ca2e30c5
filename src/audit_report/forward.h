// Forward declarations of the audit report module's types.

#pragma once

namespace esep::audit_report {

struct AuditReportContext;

}  // namespace esep::audit_report
