// Fuzz target for what the store reads back from a row of its chain table (store format 7,
// docs/formats/store.md): the row split into its entries, and each entry decoded. A store file
// is input too: `esep verify --db FILE` is run by observers on files an insider may have
// written. Every entry that decodes must encode back to the same bytes (the format's promise:
// anything the writer would not have written is refused). The same input is also read as a
// protocol's double-entry state (the `entry_states` table of format 6): a state that decodes
// must encode to text that decodes to the same state.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_input.h"
#include "storage/audit_chain.h"
#include "storage/chain_events.h"
#include "storage/entry_state_codec.h"
#include "storage/finding_codec.h"
#include "storage/internal/chain_rows.h"
#include "storage/protocol_codec.h"
#include "storage/turnout_codec.h"

namespace {

using esep::storage::AuditEvent;
using esep::storage::DecodeDefinitionEntry;
using esep::storage::DecodedEntry;
using esep::storage::DecodeEntry;
using esep::storage::DecodeEntryHead;
using esep::storage::DecodeEntryProtocol;
using esep::storage::DecodeEventEntry;
using esep::storage::DecodeResultsEntry;
using esep::storage::DecodeSignatureEntry;
using esep::storage::DefinitionEntryContent;
using esep::storage::DefinitionEvent;
using esep::storage::EncodeFindings;
using esep::storage::EncodeProtocol;
using esep::storage::EntryContent;
using esep::storage::EntryFields;
using esep::storage::EntryKind;
using esep::storage::EntryKindOf;
using esep::storage::EventEntryContent;
using esep::storage::ResultsEntryContent;
using esep::storage::ResultsEvent;
using esep::storage::SignatureEntryContent;
using esep::storage::SignatureEvent;
namespace internal = esep::storage::internal;

void Require(bool condition) {
  if (!condition) {
    __builtin_trap();
  }
}

void CheckSubmission(std::string_view content) {
  esep::Result<DecodedEntry> entry = DecodeEntry(content);
  (void)DecodeEntryHead(content);
  (void)DecodeEntryProtocol(content);
  if (!entry.has_value()) {
    return;
  }
  Require(EncodeProtocol(entry->protocol) == entry->protocol_text);
  Require(EncodeFindings(entry->findings) == entry->findings_text);
  const std::string again = EntryContent(EntryFields{.entry = entry->entry,
                                                     .outcome = entry->outcome,
                                                     .version = entry->version,
                                                     .protocol = entry->protocol_text,
                                                     .decision = &entry->decision,
                                                     .findings = entry->findings_text,
                                                     .reason = entry->reason,
                                                     .source = entry->source});
  Require(again == content);
}

void CheckEntry(std::string_view content) {
  esep::Result<EntryKind> kind = EntryKindOf(content);
  if (!kind.has_value()) {
    return;
  }
  int64_t number = 0;
  switch (*kind) {
    case EntryKind::kSubmission:
      CheckSubmission(content);
      return;
    case EntryKind::kDefinition:
      if (esep::Result<DefinitionEvent> event = DecodeDefinitionEntry(content, number)) {
        Require(DefinitionEntryContent(number, *event) == content);
      }
      return;
    case EntryKind::kResults:
      if (esep::Result<ResultsEvent> event = DecodeResultsEntry(content, number)) {
        Require(ResultsEntryContent(number, *event) == content);
      }
      return;
    case EntryKind::kSignature:
      if (esep::Result<SignatureEvent> event = DecodeSignatureEntry(content, number)) {
        Require(SignatureEntryContent(number, *event) == content);
      }
      return;
    case EntryKind::kEvent:
      if (esep::Result<AuditEvent> event = DecodeEventEntry(content, number)) {
        Require(EventEntryContent(number, *event) == content);
      }
      return;
    case EntryKind::kTurnout:
      if (esep::Result<esep::storage::TurnoutRecord> record =
              esep::storage::DecodeTurnoutEntry(content)) {
        Require(esep::storage::TurnoutEntryContent(record->entry, *record) == content);
      }
      return;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view row = esep::fuzz::AsText(data, size);
  esep::Result<std::vector<std::string_view>> entries = internal::SplitRowEntries(row);
  if (entries.has_value()) {
    std::string joined;
    for (const std::string_view entry : *entries) {
      internal::AppendRowEntry(joined, entry);
      CheckEntry(entry);
    }
    internal::CloseRow(joined);
    Require(joined == row);  // a row that splits is exactly its entries
  }
  // An entry on its own too: the fuzzer reaches the decoders faster without the brackets.
  CheckEntry(row);
  // A row of entry_states.
  esep::Result<esep::data_entry::ProtocolEntryState> state =
      esep::storage::DecodeEntryState(row, 1);
  if (state.has_value()) {
    esep::Result<esep::data_entry::ProtocolEntryState> again =
        esep::storage::DecodeEntryState(esep::storage::EncodeEntryState(*state), 1);
    Require(again.has_value() && *again == *state);
  }
  return 0;
}
