#include "storage/internal/prepared_chunk.h"

#include <optional>
#include <utility>

#include "storage/finding_codec.h"
#include "storage/internal/submission_checks.h"
#include "storage/protocol_codec.h"

namespace esep::storage::internal {

PreparedChunk PrepareChunk(std::span<const protocol::Submission> chunk,
                           std::span<const protocol::ControlRatio> ratios) {
  PreparedChunk prepared;
  prepared.items.resize(chunk.size());
  prepared.texts.reserve(chunk.size() * 128);
  for (size_t i = 0; i < chunk.size(); ++i) {
    const protocol::Submission& submission = chunk[i];
    Prepared& out = prepared.items[i];
    out.protocol_offset = prepared.texts.size();
    AppendProtocol(prepared.texts, submission.protocol);
    out.protocol_length = prepared.texts.size() - out.protocol_offset;
    protocol::ValidationReport report = protocol::Validate(submission.protocol, ratios);
    if (std::optional<std::string> malformed = MalformedReason(submission)) {
      out.reason = std::move(*malformed);
    } else if (!report.accepted()) {
      out.reason = ErrorReason(report);
    }
    out.findings_text = EncodeFindings(report.findings);
    out.findings = std::move(report.findings);
  }
  return prepared;
}

}  // namespace esep::storage::internal
