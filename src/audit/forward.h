// Forward declarations of the audit module's types.

#pragma once

namespace esep::audit {

enum class AuditStage;
struct AuditRequest;
struct PublishedAudit;
struct ObserversAudit;
struct AuditTimings;
struct AuditDocument;

}  // namespace esep::audit
