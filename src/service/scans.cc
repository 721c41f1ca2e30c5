#include "service/scans.h"

#include <string>
#include <utility>

#include <fmt/format.h>

#include "access/authorize.h"
#include "base/text.h"

namespace esep::service {

namespace {

// The signature a file of `media_type` begins with; empty for a type that is not a scan's.
std::string_view SignatureOf(std::string_view media_type) {
  using std::string_view_literals::operator""sv;
  if (media_type == "image/jpeg") {
    return "\xFF\xD8\xFF"sv;
  }
  if (media_type == "image/png") {
    return "\x89PNG\r\n\x1A\n"sv;
  }
  if (media_type == "application/pdf") {
    return "%PDF-"sv;
  }
  return {};
}

// Authorises `action` for `user` on the commission whose protocol `protocol_id` is.
Status AuthorizeOnProtocol(const EntryDesk& desk, const access::User& user,
                           std::string_view protocol_id, access::Action action) {
  ASSIGN_OR_RETURN(const std::string commission_id, CommissionOf(desk, protocol_id));
  if (!desk.scopes.Contains(user.commission_id)) {
    return PermissionDeniedError(
        fmt::format("user {} acts for commission '{}', which is not in the election", user.id,
                    EscapeControlCharacters(user.commission_id)));
  }
  ASSIGN_OR_RETURN(const access::Scope scope,
                   desk.scopes.ScopeOf(user.commission_id, commission_id));
  return access::Authorize(user, action, scope);
}

}  // namespace

Status CheckScan(std::string_view media_type, std::string_view bytes) {
  const std::string_view signature = SignatureOf(media_type);
  if (signature.empty()) {
    return InvalidArgumentError(
        fmt::format("a scan is image/jpeg, image/png or application/pdf, not '{}'",
                    EscapeControlCharacters(media_type)));
  }
  if (bytes.empty()) {
    return InvalidArgumentError("a scan has at least one byte");
  }
  if (static_cast<int64_t>(bytes.size()) > kMaxScanBytes) {
    return InvalidArgumentError(
        fmt::format("a scan has at most {} bytes (10 MiB), not {}", kMaxScanBytes, bytes.size()));
  }
  if (!bytes.starts_with(signature)) {
    return InvalidArgumentError(fmt::format(
        "the file is not {}: it does not begin with that format's signature", media_type));
  }
  return OkStatus();
}

Result<storage::AddedScan> AttachScan(storage::Store& store, const EntryDesk& desk,
                                      const access::User& user, std::string_view protocol_id,
                                      std::string_view media_type, std::string_view bytes,
                                      storage::EventActor actor) {
  RETURN_IF_ERROR(AuthorizeOnProtocol(desk, user, protocol_id, access::Action::kUploadScan));
  RETURN_IF_ERROR(CheckScan(media_type, bytes));
  actor.user_id = user.id;
  return store.AddScan(protocol_id, media_type, bytes, actor);
}

Result<storage::StoredScan> ReadScan(storage::Store& store, const EntryDesk& desk,
                                     const access::User& user, std::string_view sha256) {
  ASSIGN_OR_RETURN(std::optional<storage::StoredScan> found, store.FindScan(sha256));
  if (!found.has_value()) {
    return NotFoundError(
        fmt::format("no scan has the SHA-256 '{}'", EscapeControlCharacters(sha256)));
  }
  Status first_refusal;
  std::vector<storage::ScanRecord> visible;
  for (storage::ScanRecord& record : found->records) {
    Status allowed = AuthorizeOnProtocol(desk, user, record.protocol_id, access::Action::kViewScan);
    if (allowed.ok()) {
      visible.push_back(std::move(record));
    } else if (first_refusal.ok()) {
      first_refusal = std::move(allowed);
    }
  }
  if (visible.empty()) {
    return first_refusal;
  }
  found->records = std::move(visible);
  return *std::move(found);
}

Result<std::vector<storage::ScanRecord>> ListScans(storage::Store& store, const EntryDesk& desk,
                                                   const access::User& user,
                                                   std::string_view protocol_id) {
  RETURN_IF_ERROR(AuthorizeOnProtocol(desk, user, protocol_id, access::Action::kViewScan));
  return store.ProtocolScans(protocol_id);
}

}  // namespace esep::service
