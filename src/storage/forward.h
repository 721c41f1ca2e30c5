// Forward declarations of the storage module's types.

#pragma once

namespace esep::storage {

struct SubmitResult;
struct SubmissionRecord;
struct ChainMismatch;
struct ChainReport;
struct StoredDefinition;
struct ProtocolKey;
struct SubmissionCounts;
class Store;

}  // namespace esep::storage
