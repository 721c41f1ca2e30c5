// Photos and scans of paper protocols on the commission server (issue 12): attached to a
// protocol by a coordinator or typist, read by anyone who may see the protocol, each kept with
// its SHA-256 in the store's chain (storage::Store::AddScan). No HTTP here: the server maps its
// routes onto these calls (docs/api.md, "Scans").
//
// A scan is a JPEG, PNG or PDF file of 1 byte to kMaxScanBytes, and must begin with its format's
// signature ("magic number"): the server serves it back under its declared media type, so a
// file that is not what it says is refused at the door.
//
// Functions of their arguments; the store is not thread-safe (storage/store.h).
//
// Example:
//   ASSIGN_OR_RETURN(storage::AddedScan added,
//                    AttachScan(*store, desk, user, "P-1:list", "image/jpeg", bytes, actor));

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "access/user.h"
#include "base/result.h"
#include "service/entries.h"
#include "storage/audit_event.h"
#include "storage/store.h"

namespace esep::service {

// The largest scan accepted: 10 MiB.
inline constexpr int64_t kMaxScanBytes = int64_t{10} * 1024 * 1024;

// OK when `bytes` may be stored as `media_type`: the type is image/jpeg, image/png or
// application/pdf, the bytes begin with that format's signature (JPEG FF D8 FF, PNG 89 50 4E 47
// 0D 0A 1A 0A, PDF "%PDF-"), and there are 1 to kMaxScanBytes of them. kInvalidArgument naming
// the rule otherwise.
Status CheckScan(std::string_view media_type, std::string_view bytes);

// Attaches `bytes` to the protocol `protocol_id` for `user`:
//   1. the protocol's commission (CommissionOf: kNotFound for a protocol the definition does not
//      expect);
//   2. authorisation: access::Action::kUploadScan in the scope of that commission relative to
//      user.commission_id (access::Authorize: kPermissionDenied, kUnauthenticated for a disabled
//      user; kPermissionDenied for a user whose commission is not in the tree);
//   3. CheckScan (kInvalidArgument);
//   4. Store::AddScan with `actor` (its user_id set to user.id): the bytes, their SHA-256 and the
//      scan_uploaded event in one transaction; the same bytes on the same protocol again write
//      nothing (AddedScan::added false).
Result<storage::AddedScan> AttachScan(storage::Store& store, const EntryDesk& desk,
                                      const access::User& user, std::string_view protocol_id,
                                      std::string_view media_type, std::string_view bytes,
                                      storage::EventActor actor);

// The scan whose SHA-256 is `sha256`, for `user`: authorised as access::Action::kViewScan on the
// commission of a protocol it is attached to (any one the user may see; its records are cut to
// those). kNotFound for a malformed hash or one no scan has; the errors of Authorize (for the
// first protocol) when the user may see none of them.
Result<storage::StoredScan> ReadScan(storage::Store& store, const EntryDesk& desk,
                                     const access::User& user, std::string_view sha256);

// The scans of `protocol_id`, oldest first, for `user` (kViewScan on its commission). kNotFound
// as CommissionOf; the errors of Authorize.
Result<std::vector<storage::ScanRecord>> ListScans(storage::Store& store, const EntryDesk& desk,
                                                   const access::User& user,
                                                   std::string_view protocol_id);

}  // namespace esep::service
