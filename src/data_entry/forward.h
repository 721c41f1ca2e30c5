// Forward declarations of the data_entry module's types.

#pragma once

namespace esep::data_entry {

struct FormLine;
struct FormDefinition;
struct Entry;
struct ApprovedVersion;
struct ProtocolEntryState;
struct Command;
struct AuditEvent;
struct Transition;
struct Refusal;
struct FinaliseReview;

}  // namespace esep::data_entry
