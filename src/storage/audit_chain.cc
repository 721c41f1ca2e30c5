#include "storage/audit_chain.h"

#include <array>
#include <cstdlib>
#include <limits>
#include <memory>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "base/sha256.h"
#include "storage/finding_codec.h"
#include "storage/internal/json_text.h"
#include "storage/protocol_codec.h"

namespace esep::storage {

namespace {

using internal::AppendJsonInt;
using internal::AppendJsonString;
using internal::CanonicalReader;

std::optional<Outcome> OutcomeFromName(std::string_view name) {
  for (Outcome outcome : {Outcome::kAccepted, Outcome::kUnchanged, Outcome::kRejected}) {
    if (OutcomeName(outcome) == name) {
      return outcome;
    }
  }
  return std::nullopt;
}

// The digest of `bytes` in lowercase hex; EVP objects are fetched once and reused, since
// fetching SHA-256 anew costs more than hashing a short entry.
std::array<char, 64> FastSha256Hex(std::string_view first, std::string_view second) {
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  // Freed when its thread ends: the store's helper threads hash too, and come and go.
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> owned(
      EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_MD_CTX* const context = owned.get();
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  // As in base/sha256.cc: failing here means OpenSSL cannot allocate, which no caller can
  // handle, and a wrong digest must never enter the chain.
  if (sha256 == nullptr || context == nullptr ||
      EVP_DigestInit_ex2(context, sha256, nullptr) != 1 ||
      EVP_DigestUpdate(context, first.data(), first.size()) != 1 ||
      EVP_DigestUpdate(context, second.data(), second.size()) != 1 ||
      EVP_DigestFinal_ex(context, digest.data(), &length) != 1 || length != 32) {
    std::abort();
  }
  static constexpr char kHexDigits[] = "0123456789abcdef";
  std::array<char, 64> hex;
  for (size_t i = 0; i < 32; ++i) {
    hex[2 * i] = kHexDigits[digest[i] >> 4];
    hex[2 * i + 1] = kHexDigits[digest[i] & 0x0f];
  }
  return hex;
}

}  // namespace

void AppendEntryHead(std::string& out, int64_t entry, Outcome outcome, int64_t version) {
  out.push_back('[');
  AppendJsonInt(out, entry);
  out += ",\"";
  out += OutcomeName(outcome);
  out += "\",";
  AppendJsonInt(out, version);
  out.push_back(',');
}

void AppendEntryBody(std::string& out, std::string_view protocol,
                     const std::optional<protocol::Decision>& decision, std::string_view findings) {
  out += protocol;
  out.push_back(',');
  if (decision.has_value()) {
    out.push_back('[');
    AppendJsonString(out, decision->number);
    out.push_back(',');
    AppendJsonString(out, decision->date);
    out.push_back(',');
    AppendJsonString(out, decision->commission);
    out.push_back(',');
    AppendJsonString(out, decision->reason);
    out.push_back(']');
  } else {
    out += "null";
  }
  out.push_back(',');
  out += findings;
  out.push_back(',');
}

void AppendEntryTail(std::string& out, std::string_view reason, std::string_view source) {
  AppendJsonString(out, reason);
  out.push_back(',');
  AppendJsonString(out, source);
  out.push_back(']');
}

void AppendEntryContent(std::string& out, const EntryFields& fields) {
  static const std::optional<protocol::Decision> no_decision;
  AppendEntryHead(out, fields.entry, fields.outcome, fields.version);
  AppendEntryBody(out, fields.protocol, fields.decision != nullptr ? *fields.decision : no_decision,
                  fields.findings);
  AppendEntryTail(out, fields.reason, fields.source);
}

std::string EntryContent(const EntryFields& fields) {
  std::string out;
  out.reserve(fields.protocol.size() + fields.findings.size() + fields.source.size() +
              fields.reason.size() + 64);
  AppendEntryContent(out, fields);
  return out;
}

Result<DecodedEntry> DecodeEntry(std::string_view content) {
  CanonicalReader reader(content);
  DecodedEntry entry;
  std::string outcome;
  if (!reader.Literal("[") || !reader.Int(entry.entry) || !reader.Literal(",") ||
      !reader.String(outcome)) {
    return reader.Expected("a canonical entry", "'[', the entry number, ',' and the outcome");
  }
  const std::optional<Outcome> parsed = OutcomeFromName(outcome);
  if (!parsed.has_value()) {
    return DataLossError(fmt::format("not a canonical entry: unknown outcome '{}'", outcome));
  }
  entry.outcome = *parsed;
  if (!reader.Literal(",") || !reader.Int(entry.version) || !reader.Literal(",")) {
    return reader.Expected("a canonical entry", "',', the version and ','");
  }
  const size_t protocol_start = reader.offset();
  ASSIGN_OR_RETURN(entry.protocol, internal::ReadProtocol(reader));
  entry.protocol_text = content.substr(protocol_start, reader.offset() - protocol_start);
  if (!reader.Literal(",")) {
    return reader.Expected("a canonical entry", "',' after the protocol");
  }
  if (!reader.Literal("null")) {
    protocol::Decision decision;
    if (!reader.Literal("[") || !reader.String(decision.number) || !reader.Literal(",") ||
        !reader.String(decision.date) || !reader.Literal(",") ||
        !reader.String(decision.commission) || !reader.Literal(",") ||
        !reader.String(decision.reason) || !reader.Literal("]")) {
      return reader.Expected("a canonical entry",
                             "null or a decision [number, date, commission, reason]");
    }
    entry.decision = std::move(decision);
  }
  if (!reader.Literal(",")) {
    return reader.Expected("a canonical entry", "',' before the findings");
  }
  const size_t findings_start = reader.offset();
  ASSIGN_OR_RETURN(entry.findings, internal::ReadFindings(reader));
  entry.findings_text = content.substr(findings_start, reader.offset() - findings_start);
  if (!reader.Literal(",") || !reader.String(entry.reason) || !reader.Literal(",") ||
      !reader.String(entry.source) || !reader.Literal("]") || !reader.AtEnd()) {
    return reader.Expected("a canonical entry",
                           "the reason, the source, ']' and the end of the text");
  }
  return entry;
}

Result<EntryHead> DecodeEntryHead(std::string_view content) {
  CanonicalReader reader(content);
  EntryHead head;
  std::string outcome;
  std::string contest;
  if (!reader.Literal("[") || !reader.Int(head.entry) || !reader.Literal(",") ||
      !reader.String(outcome) || !reader.Literal(",") || !reader.Int(head.version) ||
      !reader.Literal(",[") || !reader.String(head.commission_id) || !reader.Literal(",") ||
      !reader.String(contest) || !reader.Literal(",")) {
    return reader.Expected("a canonical entry",
                           "an entry's number, outcome, version and protocol key");
  }
  const std::optional<Outcome> parsed = OutcomeFromName(outcome);
  const std::optional<protocol::ContestRef::Kind> kind = ContestKindFromKey(contest);
  int64_t district = 0;
  if (!parsed.has_value() || !kind.has_value() || !reader.Int(district) || district < 0 ||
      district > std::numeric_limits<int>::max()) {
    return reader.Expected("a canonical entry", "a known outcome, contest and district");
  }
  head.outcome = *parsed;
  head.contest = protocol::ContestRef{*kind, static_cast<int>(district)};
  return head;
}

Result<protocol::Protocol> DecodeEntryProtocol(std::string_view content) {
  CanonicalReader reader(content);
  int64_t number = 0;
  std::string outcome;
  if (!reader.Literal("[") || !reader.Int(number) || !reader.Literal(",") ||
      !reader.String(outcome) || !reader.Literal(",") || !reader.Int(number) ||
      !reader.Literal(",")) {
    return reader.Expected("a canonical entry", "an entry's number, outcome and version");
  }
  return internal::ReadProtocol(reader);
}

const std::string& GenesisHash() {
  // Computed once and never destroyed, so it is safe to use during static destruction.
  static const std::string* const genesis_hash = new std::string(Sha256Hex(kGenesis));
  return *genesis_hash;
}

std::array<char, 64> ChainHashHex(std::string_view previous_hash, std::string_view content) {
  return FastSha256Hex(previous_hash, content);
}

std::string ChainHash(std::string_view previous_hash, std::string_view content) {
  const std::array<char, 64> hex = FastSha256Hex(previous_hash, content);
  return std::string(hex.data(), hex.size());
}

}  // namespace esep::storage
