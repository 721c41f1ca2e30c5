#include "data_entry/transition.h"

#include <fmt/format.h>

namespace esep::data_entry {

namespace {

// The state being built from the old one, and the events that say how.
class Builder {
 public:
  Builder(const FormDefinition& form, const ProtocolEntryState& state, std::string actor)
      : form_(form), old_(state), next_(state), actor_(std::move(actor)) {
    next_.version = state.version + 1;
  }

  const ProtocolEntryState& old() const { return old_; }
  ProtocolEntryState& next() { return next_; }
  const std::string& actor() const { return actor_; }

  std::optional<Entry>& slot(int number) { return number == 1 ? next_.first : next_.second; }

  AuditEvent& Emit(AuditEventKind kind, int entry) {
    events_.push_back({kind, actor_, entry, {}, {}, {}});
    return events_.back();
  }

  // kFailedPrecondition: the status does not allow `what`.
  Status NotAllowed(std::string_view what) const {
    return FailedPreconditionError(fmt::format("{} is {}: {} is not allowed; it allows: {}",
                                               form_.protocol_id, EntryStatusName(old_.status),
                                               what, AllowedCommands(old_.status)));
  }

  // After an entry was removed: the remaining one, if any, becomes entry 1, and the status
  // follows from it. REQUIRES: at most one entry remains.
  void SettleSingleEntry() {
    if (!next_.first.has_value() && next_.second.has_value()) {
      next_.first = std::move(next_.second);
      next_.second.reset();
      Emit(AuditEventKind::kEntryRenumbered, 2);
    }
    if (!next_.first.has_value()) {
      next_.status = EntryStatus::kEmpty;
    } else if (next_.first->phase == EntryPhase::kInProgress) {
      next_.status = EntryStatus::kFirstEntryInProgress;
    } else if (!next_.first->confirmed_errors.empty()) {
      next_.status = EntryStatus::kFirstEntryHasErrors;
    } else {
      next_.status = EntryStatus::kFirstEntryDone;
    }
  }

  // Both entries are finalised: identical → definitive; different → the coordinator resolves.
  // Identical entries that break an error ratio (both typists confirmed it is on the paper)
  // are one first entry with errors: such a protocol is never definitive.
  void CompareEntries() {
    std::vector<std::string> differences = Differences(next_.first->values, next_.second->values);
    if (!differences.empty()) {
      next_.status = EntryStatus::kEntriesDifferent;
      Emit(AuditEventKind::kEntriesDifferent, 0).keys = std::move(differences);
      return;
    }
    Emit(AuditEventKind::kEntriesIdentical, 0);
    if (!next_.first->confirmed_errors.empty()) {
      next_.second.reset();
      next_.status = EntryStatus::kFirstEntryHasErrors;
      Emit(AuditEventKind::kEntryHasErrors, 1).rules = next_.first->confirmed_errors;
      return;
    }
    next_.status = EntryStatus::kDefinitive;
  }

  Transition Done() { return {std::move(next_), std::move(events_)}; }

  const FormDefinition& form() const { return form_; }

 private:
  const FormDefinition& form_;
  const ProtocolEntryState& old_;
  ProtocolEntryState next_;
  std::string actor_;
  std::vector<AuditEvent> events_;
};

// A decision as the audit events' detail quotes it.
std::string DecisionText(const protocol::Decision& decision) {
  return fmt::format("decision {} of {} by {}: {}", decision.number, decision.date,
                     decision.commission, decision.reason);
}

// The entry number `number` is being typed in the old state (saved and finalised by its typist).
bool InProgress(const ProtocolEntryState& state, int number) {
  const Entry* entry = state.entry(number);
  return entry != nullptr && entry->phase == EntryPhase::kInProgress;
}

Status CheckClaimant(const ProtocolEntryState& state, int number, const std::string& actor,
                     std::string_view what) {
  if (state.entry(number)->typist != actor) {
    return PermissionDeniedError(fmt::format(
        "entry {} is claimed by another user; only its typist may {} it", number, what));
  }
  return OkStatus();
}

Result<Transition> ApplyClaim(Builder& b, const Claim& claim) {
  const ProtocolEntryState& old = b.old();
  const EntryStatus needed = claim.entry == 1 ? EntryStatus::kEmpty : EntryStatus::kFirstEntryDone;
  if (old.status != needed) {
    return b.NotAllowed(fmt::format("claiming entry {}", claim.entry));
  }
  if (claim.entry == 2 && old.first->typist == b.actor()) {
    return PermissionDeniedError(
        "entry 2 is typed by another typist than entry 1; you typed entry 1");
  }
  b.slot(claim.entry) = Entry{b.actor(), EntryPhase::kInProgress, {}, {}, {}};
  b.next().status =
      claim.entry == 1 ? EntryStatus::kFirstEntryInProgress : EntryStatus::kSecondEntryInProgress;
  b.Emit(AuditEventKind::kEntryClaimed, claim.entry);
  return b.Done();
}

Result<Transition> ApplySave(Builder& b, const Save& save) {
  if (!InProgress(b.old(), save.entry)) {
    return b.NotAllowed(fmt::format("saving entry {}", save.entry));
  }
  RETURN_IF_ERROR(CheckClaimant(b.old(), save.entry, b.actor(), "save"));
  RETURN_IF_ERROR(CheckValues(b.form(), save.values));
  Entry& entry = *b.slot(save.entry);
  std::vector<std::string> changed = Differences(entry.values, save.values);
  entry.values = save.values;
  b.Emit(AuditEventKind::kEntrySaved, save.entry).keys = std::move(changed);
  return b.Done();
}

Result<Transition> ApplyFinalise(Builder& b, const Finalise& finalise) {
  if (!InProgress(b.old(), finalise.entry)) {
    return b.NotAllowed(fmt::format("finalising entry {}", finalise.entry));
  }
  RETURN_IF_ERROR(CheckClaimant(b.old(), finalise.entry, b.actor(), "finalise"));
  Entry& entry = *b.slot(finalise.entry);
  ASSIGN_OR_RETURN(FinaliseReview review,
                   ReviewFinalise(b.form(), entry.values, finalise.acknowledged_warnings,
                                  finalise.confirm_has_errors));
  RETURN_IF_ERROR(review.ToStatus());
  entry.phase = EntryPhase::kFinalised;
  entry.acknowledged_warnings = std::move(review.acknowledged_warnings);
  entry.confirmed_errors = std::move(review.confirmed_errors);
  b.Emit(AuditEventKind::kEntryFinalised, finalise.entry).rules = entry.acknowledged_warnings;
  if (!entry.confirmed_errors.empty()) {
    b.Emit(AuditEventKind::kEntryHasErrors, finalise.entry).rules = entry.confirmed_errors;
  }
  if (b.next().second.has_value() && b.next().first->phase == EntryPhase::kFinalised &&
      b.next().second->phase == EntryPhase::kFinalised) {
    b.CompareEntries();
  } else {
    b.SettleSingleEntry();
  }
  return b.Done();
}

Result<Transition> ApplyDiscard(Builder& b, const Discard& discard) {
  const ProtocolEntryState& old = b.old();
  const Entry* entry = old.entry(discard.entry);
  if (discard.as == DiscardAs::kTypist) {
    if (entry == nullptr || entry->phase != EntryPhase::kInProgress) {
      return b.NotAllowed(
          fmt::format("a typist's discard of entry {} (a typist discards only their own entry "
                      "in progress)",
                      discard.entry));
    }
    RETURN_IF_ERROR(CheckClaimant(old, discard.entry, b.actor(), "discard"));
  } else if (entry == nullptr || old.status == EntryStatus::kEntriesDifferent ||
             old.status == EntryStatus::kApproved) {
    return b.NotAllowed(fmt::format("discarding entry {}", discard.entry));
  }
  b.slot(discard.entry).reset();
  b.Emit(AuditEventKind::kEntryDiscarded, discard.entry);
  b.SettleSingleEntry();
  return b.Done();
}

// Entry `number` goes back to its typist, in progress, with `cleared` blank; what was recorded
// at finalising is dropped (it is checked again).
void ReturnEntry(Builder& b, int number, const std::vector<std::string>& cleared) {
  Entry& entry = *b.slot(number);
  for (const std::string& key : cleared) {
    entry.values[key] = std::nullopt;
  }
  entry.phase = EntryPhase::kInProgress;
  entry.acknowledged_warnings.clear();
  entry.confirmed_errors.clear();
  b.Emit(AuditEventKind::kEntryReturned, number).keys = cleared;
}

Result<Transition> ApplyResolve(Builder& b, const Resolve& resolve) {
  const ProtocolEntryState& old = b.old();
  const std::string what = fmt::format("resolving by {}", ResolutionName(resolve.resolution));
  if (old.status == EntryStatus::kFirstEntryHasErrors) {
    if (resolve.resolution != Resolution::kReturnFirst) {
      return b.NotAllowed(what);
    }
    ReturnEntry(b, 1, {});
    b.next().status = EntryStatus::kFirstEntryInProgress;
    return b.Done();
  }
  if (old.status != EntryStatus::kEntriesDifferent) {
    return b.NotAllowed(what);
  }
  switch (resolve.resolution) {
    case Resolution::kKeepFirst:
    case Resolution::kKeepSecond: {
      const int kept = resolve.resolution == Resolution::kKeepFirst ? 1 : 2;
      b.Emit(AuditEventKind::kEntryKept, kept);
      b.slot(3 - kept).reset();
      b.Emit(AuditEventKind::kEntryDiscarded, 3 - kept);
      b.SettleSingleEntry();
      break;
    }
    case Resolution::kDiscardBoth:
      b.next().first.reset();
      b.next().second.reset();
      b.Emit(AuditEventKind::kEntryDiscarded, 1);
      b.Emit(AuditEventKind::kEntryDiscarded, 2);
      b.next().status = EntryStatus::kEmpty;
      break;
    case Resolution::kReturnFirst:
    case Resolution::kReturnSecond: {
      const int returned = resolve.resolution == Resolution::kReturnFirst ? 1 : 2;
      ReturnEntry(b, returned, Differences(old.first->values, old.second->values));
      b.next().status =
          returned == 1 ? EntryStatus::kFirstEntryReturned : EntryStatus::kSecondEntryInProgress;
      break;
    }
  }
  return b.Done();
}

Result<Transition> ApplyApprove(Builder& b, const Approve& approve) {
  const ProtocolEntryState& old = b.old();
  if (old.status != EntryStatus::kDefinitive) {
    return b.NotAllowed("approving");
  }
  if (approve.reconciliation.has_value() && !approve.reconciliation->complete()) {
    return InvalidArgumentError(
        "decision: a decision explaining a summary's difference has its number, date, "
        "commission and reason, none of them blank");
  }
  ProtocolEntryState& next = b.next();
  next.approved.push_back({old.first->values, old.first->typist, old.second->typist, b.actor(),
                           old.correction, approve.reconciliation});
  next.correction.reset();
  next.status = EntryStatus::kApproved;
  AuditEvent& approved = b.Emit(AuditEventKind::kApproved, 0);
  if (approve.reconciliation.has_value()) {
    approved.detail = fmt::format("differs from its precinct protocols, explained by {}",
                                  DecisionText(*approve.reconciliation));
  }
  return b.Done();
}

Result<Transition> ApplyOpenCorrection(Builder& b, const OpenCorrection& open) {
  if (b.old().status != EntryStatus::kApproved) {
    return b.NotAllowed("opening a correction");
  }
  const protocol::Decision& decision = open.decision;
  if (!decision.complete()) {
    return InvalidArgumentError(
        "decision: a correction cites a decision with its number, date, commission and reason, "
        "none of them blank");
  }
  ProtocolEntryState& next = b.next();
  next.first.reset();
  next.second.reset();
  next.correction = decision;
  next.status = EntryStatus::kEmpty;
  b.Emit(AuditEventKind::kCorrectionOpened, 0).detail = DecisionText(decision);
  return b.Done();
}

// The entry number a command names, or nullopt when it names none.
std::optional<int> EntryNumber(const Action& action) {
  if (const auto* claim = std::get_if<Claim>(&action)) {
    return claim->entry;
  }
  if (const auto* save = std::get_if<Save>(&action)) {
    return save->entry;
  }
  if (const auto* finalise = std::get_if<Finalise>(&action)) {
    return finalise->entry;
  }
  if (const auto* discard = std::get_if<Discard>(&action)) {
    return discard->entry;
  }
  return std::nullopt;
}

}  // namespace

std::string_view AuditEventKindName(AuditEventKind kind) {
  switch (kind) {
    case AuditEventKind::kEntryClaimed:
      return "entry_claimed";
    case AuditEventKind::kEntrySaved:
      return "entry_saved";
    case AuditEventKind::kEntryFinalised:
      return "entry_finalised";
    case AuditEventKind::kEntryHasErrors:
      return "entry_has_errors";
    case AuditEventKind::kEntriesIdentical:
      return "entries_identical";
    case AuditEventKind::kEntriesDifferent:
      return "entries_different";
    case AuditEventKind::kEntryDiscarded:
      return "entry_discarded";
    case AuditEventKind::kEntryRenumbered:
      return "entry_renumbered";
    case AuditEventKind::kEntryKept:
      return "entry_kept";
    case AuditEventKind::kEntryReturned:
      return "entry_returned";
    case AuditEventKind::kApproved:
      return "approved";
    case AuditEventKind::kCorrectionOpened:
      return "correction_opened";
  }
  return "?";
}

std::string_view AllowedCommands(EntryStatus status) {
  switch (status) {
    case EntryStatus::kEmpty:
      return "claim entry 1";
    case EntryStatus::kFirstEntryInProgress:
      return "save, finalise or discard entry 1 (its typist); discard entry 1 (coordinator)";
    case EntryStatus::kFirstEntryHasErrors:
      return "resolve by return_first, or discard entry 1 (coordinator)";
    case EntryStatus::kFirstEntryDone:
      return "claim entry 2 (a typist other than entry 1's); discard entry 1 (coordinator)";
    case EntryStatus::kSecondEntryInProgress:
      return "save, finalise or discard entry 2 (its typist); discard entry 1 or 2 "
             "(coordinator)";
    case EntryStatus::kFirstEntryReturned:
      return "save, finalise or discard entry 1 (its typist); discard entry 1 or 2 "
             "(coordinator)";
    case EntryStatus::kEntriesDifferent:
      return "resolve by keep_first, keep_second, discard_both, return_first or return_second "
             "(coordinator)";
    case EntryStatus::kDefinitive:
      return "approve (chair); discard entry 1 or 2 (coordinator)";
    case EntryStatus::kApproved:
      return "open a correction with a decision (chair)";
  }
  return "?";
}

Result<Transition> Apply(const FormDefinition& form, const ProtocolEntryState& state,
                         const Command& command) {
  if (std::optional<int> entry = EntryNumber(command.action); entry && *entry != 1 && *entry != 2) {
    return InvalidArgumentError(fmt::format("entry {}: a protocol has entries 1 and 2", *entry));
  }
  if (command.expected_version != state.version) {
    return AbortedError(fmt::format(
        "{} is at version {}, not {}: someone changed it first; reload it and try again",
        form.protocol_id, state.version, command.expected_version));
  }
  Builder builder(form, state, command.actor);
  if (const auto* claim = std::get_if<Claim>(&command.action)) {
    return ApplyClaim(builder, *claim);
  }
  if (const auto* save = std::get_if<Save>(&command.action)) {
    return ApplySave(builder, *save);
  }
  if (const auto* finalise = std::get_if<Finalise>(&command.action)) {
    return ApplyFinalise(builder, *finalise);
  }
  if (const auto* discard = std::get_if<Discard>(&command.action)) {
    return ApplyDiscard(builder, *discard);
  }
  if (const auto* resolve = std::get_if<Resolve>(&command.action)) {
    return ApplyResolve(builder, *resolve);
  }
  if (const auto* open = std::get_if<OpenCorrection>(&command.action)) {
    return ApplyOpenCorrection(builder, *open);
  }
  return ApplyApprove(builder, std::get<Approve>(command.action));
}

}  // namespace esep::data_entry
