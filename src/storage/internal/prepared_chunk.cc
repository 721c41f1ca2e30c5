#include "storage/internal/prepared_chunk.h"

#include <optional>
#include <utility>

#include "storage/audit_chain.h"
#include "storage/finding_codec.h"
#include "storage/internal/submission_checks.h"
#include "storage/protocol_codec.h"

namespace esep::storage::internal {

PreparedChunk PrepareChunk(std::span<const protocol::Submission> chunk,
                           std::span<const protocol::ControlRatio> ratios) {
  PreparedChunk prepared;
  prepared.items.resize(chunk.size());
  prepared.texts.reserve(chunk.size() * 160);
  std::string findings_text;
  for (size_t i = 0; i < chunk.size(); ++i) {
    const protocol::Submission& submission = chunk[i];
    Prepared& out = prepared.items[i];
    protocol::ValidationReport report = protocol::Validate(submission.protocol, ratios);
    if (std::optional<std::string> malformed = MalformedReason(submission)) {
      out.reason = std::move(*malformed);
    } else if (!report.accepted()) {
      out.reason = ErrorReason(report);
    }
    std::string& texts = prepared.texts;
    out.offset = texts.size();
    AppendProtocol(texts, submission.protocol);
    out.protocol_length = texts.size() - out.offset;
    findings_text = EncodeFindings(report.findings);
    // The protocol is already in place: the body's remaining pieces follow it.
    AppendEntryBody(texts, std::string_view(), submission.decision, findings_text);
    out.body_length = texts.size() - out.offset;
    AppendEntryTail(texts, out.reason, submission.source);
    out.tail_length = texts.size() - out.offset - out.body_length;
    out.findings = std::move(report.findings);
  }
  return prepared;
}

}  // namespace esep::storage::internal
