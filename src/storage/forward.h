// Forward declarations of the storage module's types.

#pragma once

namespace esep::storage {

struct Decision;
struct Submission;
struct SubmitResult;
struct SubmissionRecord;
struct ChainMismatch;
struct ChainReport;
struct DefinitionFile;
struct StoredDefinition;
struct ProtocolKey;
struct SubmissionCounts;
class Store;

}  // namespace esep::storage
