// Forward declarations of the storage module's types.

#pragma once

namespace esep::storage {

struct Decision;
struct Submission;
struct SubmitResult;
struct SubmissionRecord;
struct ChainMismatch;
struct ChainReport;
class Store;

}  // namespace esep::storage
