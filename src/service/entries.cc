#include "service/entries.h"

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include <fmt/format.h>

#include "access/authorize.h"
#include "access/role.h"
#include "base/text.h"
#include "data_entry/form_values.h"
#include "service/summaries.h"
#include "storage/entry_events.h"

namespace esep::service {

namespace {

using data_entry::EntryStatus;
using protocol::ContestRef;

bool IsCommissionIdText(std::string_view id) {
  if (id.empty()) {
    return false;
  }
  for (const char c : id) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !digit && c != '-') {
      return false;
    }
  }
  return true;
}

Status NotAProtocol(std::string_view protocol_id, std::string_view why) {
  return NotFoundError(
      fmt::format("no protocol '{}': {}", EscapeControlCharacters(protocol_id), why));
}

// The protocol `ref` names, if the definition expects it: its commission.
Result<const model::Commission*> ExpectedCommission(const EntryDesk& desk,
                                                    std::string_view protocol_id,
                                                    const ProtocolRef& ref) {
  const model::Commission* commission = desk.FindCommission(ref.commission_id);
  if (commission == nullptr) {
    return NotAProtocol(protocol_id, "the election has no such commission");
  }
  for (const ContestRef& contest : ExpectedContests(*desk.election.definition, *commission)) {
    if (contest == ref.contest) {
      return commission;
    }
  }
  return NotAProtocol(protocol_id,
                      fmt::format("commission {} produces no protocol for the {} contest",
                                  commission->id, ref.contest.ToString()));
}

void Count(EntryProgress& progress, const data_entry::ProtocolEntryState* state) {
  if (state == nullptr) {
    ++progress.not_started;
    return;
  }
  if (!state->approved.empty() && state->status != EntryStatus::kApproved) {
    ++progress.in_correction;
  }
  switch (state->status) {
    case EntryStatus::kEmpty:
      ++progress.not_started;
      return;
    case EntryStatus::kFirstEntryInProgress:
    case EntryStatus::kFirstEntryReturned:
      ++progress.first_entry;
      return;
    case EntryStatus::kFirstEntryDone:
    case EntryStatus::kSecondEntryInProgress:
      ++progress.second_entry;
      return;
    case EntryStatus::kEntriesDifferent:
      ++progress.different;
      return;
    case EntryStatus::kFirstEntryHasErrors:
      ++progress.has_errors;
      return;
    case EntryStatus::kDefinitive:
      ++progress.definitive;
      return;
    case EntryStatus::kApproved:
      ++progress.approved;
      return;
  }
}

}  // namespace

const model::Commission* EntryDesk::FindCommission(std::string_view id) const {
  const auto found = commission_index.find(std::string(id));
  if (found == commission_index.end()) {
    return nullptr;
  }
  return &election.definition->commissions()[found->second];
}

Result<EntryDesk> LoadEntryDesk(storage::Store& store, const std::string& store_path) {
  ASSIGN_OR_RETURN(StoredElection election, LoadStoredElection(store, store_path));
  const model::ElectionDefinition& definition = *election.definition;
  if (definition.commissions().empty()) {
    return FailedPreconditionError(fmt::format(
        "{}: the election definition has no commission tree, so no commission can enter "
        "protocols",
        store_path));
  }
  ASSIGN_OR_RETURN(std::span<const protocol::ControlRatio> ratios,
                   protocol::ControlRatios(definition.rule_set()));
  std::unordered_map<std::string, size_t> index;
  std::unordered_map<std::string, std::vector<size_t>> children;
  const std::vector<model::Commission>& commissions = definition.commissions();
  for (size_t i = 0; i < commissions.size(); ++i) {
    index.emplace(commissions[i].id, i);
    if (!commissions[i].parent_id.empty()) {
      children[commissions[i].parent_id].push_back(i);
    }
  }
  access::CommissionScopes scopes(commissions);
  return EntryDesk{.election = std::move(election),
                   .scopes = std::move(scopes),
                   .ratios = ratios,
                   .commission_index = std::move(index),
                   .children = std::move(children)};
}

Result<ProtocolRef> ParseProtocolId(std::string_view protocol_id) {
  const size_t colon = protocol_id.rfind(':');
  const auto malformed = [&] {
    return InvalidArgumentError(
        fmt::format("'{}' is not a protocol id: '<commission id>:list' or '<commission id>:d<N>'",
                    EscapeControlCharacters(protocol_id)));
  };
  if (colon == std::string_view::npos || !IsCommissionIdText(protocol_id.substr(0, colon))) {
    return malformed();
  }
  ProtocolRef ref{.commission_id = std::string(protocol_id.substr(0, colon)), .contest = {}};
  const std::string_view contest = protocol_id.substr(colon + 1);
  if (contest == "list") {
    return ref;
  }
  // "d" and a number from 1, no leading zero, small enough for an int.
  const std::string_view digits = contest.substr(std::min<size_t>(1, contest.size()));
  if (!contest.starts_with('d') || digits.empty() || digits.size() > 6 || digits[0] == '0' ||
      digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return malformed();
  }
  int district = 0;
  for (const char c : digits) {
    district = district * 10 + (c - '0');
  }
  ref.contest = ContestRef{.kind = ContestRef::Kind::kDistrict, .district = district};
  return ref;
}

std::vector<ContestRef> ExpectedContests(const model::ElectionDefinition& definition,
                                         const model::Commission& commission) {
  const auto has_district = [&](int number) {
    for (const model::District& district : definition.districts()) {
      if (district.number == number) {
        return true;
      }
    }
    return false;
  };
  const ContestRef list{.kind = ContestRef::Kind::kPartyList, .district = 0};
  const ContestRef own_district{.kind = ContestRef::Kind::kDistrict,
                                .district = commission.district};
  switch (commission.level) {
    case model::CommissionLevel::kPrecinct:
      if (commission.district > 0 && has_district(commission.district)) {
        return {list, own_district};
      }
      return {list};
    case model::CommissionLevel::kDistrict:
      if (commission.district > 0 && has_district(commission.district)) {
        return {own_district};
      }
      return {};
    case model::CommissionLevel::kCentral:
    case model::CommissionLevel::kRegional:
    case model::CommissionLevel::kTerritorial:
      return {list};
  }
  return {};
}

Result<std::string> CommissionOf(const EntryDesk& desk, std::string_view protocol_id) {
  Result<ProtocolRef> ref = ParseProtocolId(protocol_id);
  if (!ref.has_value()) {
    return NotFoundError(ref.error().message());
  }
  ASSIGN_OR_RETURN(const model::Commission* commission,
                   ExpectedCommission(desk, protocol_id, *ref));
  return commission->id;
}

Result<data_entry::FormDefinition> FormOf(const EntryDesk& desk, std::string_view protocol_id) {
  Result<ProtocolRef> ref = ParseProtocolId(protocol_id);
  if (!ref.has_value()) {
    return NotFoundError(ref.error().message());
  }
  ASSIGN_OR_RETURN(const model::Commission* commission,
                   ExpectedCommission(desk, protocol_id, *ref));
  const model::ElectionDefinition& definition = *desk.election.definition;
  std::vector<std::string> choices;
  if (ref->contest.kind == ContestRef::Kind::kPartyList) {
    for (const model::Party& party : definition.parties()) {
      choices.push_back(party.name);
    }
  } else {
    for (const model::District& district : definition.districts()) {
      if (district.number == ref->contest.district) {
        for (const model::Candidate& candidate : district.candidates) {
          choices.push_back(candidate.name);
        }
      }
    }
    if (choices.empty()) {
      return FailedPreconditionError(
          fmt::format("protocol {}: the election definition lists no candidates for district {}",
                      EscapeControlCharacters(protocol_id), ref->contest.district));
    }
  }
  return data_entry::MakeFormDefinition(commission->id, ref->contest, choices, desk.ratios);
}

Result<data_entry::ProtocolEntryState> ReadEntryState(storage::Store& store,
                                                      std::string_view protocol_id) {
  return store.EntryState(protocol_id);
}

access::Action AccessActionOf(const data_entry::Action& action) {
  return std::visit(
      [](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, data_entry::Claim>) {
          return access::Action::kClaimEntry;
        } else if constexpr (std::is_same_v<T, data_entry::Save>) {
          return access::Action::kSaveEntry;
        } else if constexpr (std::is_same_v<T, data_entry::Finalise>) {
          return access::Action::kFinaliseEntry;
        } else if constexpr (std::is_same_v<T, data_entry::Discard>) {
          return access::Action::kDiscardEntry;
        } else if constexpr (std::is_same_v<T, data_entry::Resolve>) {
          return access::Action::kResolveDifferences;
        } else if constexpr (std::is_same_v<T, data_entry::Approve>) {
          return access::Action::kApproveProtocol;
        } else {
          static_assert(std::is_same_v<T, data_entry::OpenCorrection>);
          return access::Action::kCorrectByDecision;
        }
      },
      action);
}

Result<std::shared_ptr<const data_entry::FormDefinition>> SharedFormOf(
    const EntryDesk& desk, std::string_view protocol_id) {
  return desk.forms->Get(protocol_id, [&] { return FormOf(desk, protocol_id); });
}

Result<AuthorisedCommand> AuthoriseEntryCommand(const EntryDesk& desk, const access::User& user,
                                                std::string_view protocol_id,
                                                data_entry::Command command) {
  ASSIGN_OR_RETURN(std::shared_ptr<const data_entry::FormDefinition> form,
                   SharedFormOf(desk, protocol_id));
  if (!desk.scopes.Contains(user.commission_id)) {
    return PermissionDeniedError(
        fmt::format("user {} acts for commission '{}', which is not in the election", user.id,
                    EscapeControlCharacters(user.commission_id)));
  }
  ASSIGN_OR_RETURN(const access::Scope scope,
                   desk.scopes.ScopeOf(user.commission_id, form->commission_id));
  RETURN_IF_ERROR(access::Authorize(user, AccessActionOf(command.action), scope));
  command.actor = user.id;
  if (auto* discard = std::get_if<data_entry::Discard>(&command.action)) {
    discard->as = user.role == access::Role::kCoordinator || user.role == access::Role::kChair
                      ? data_entry::DiscardAs::kCoordinator
                      : data_entry::DiscardAs::kTypist;
  }
  return AuthorisedCommand{.protocol_id = std::string(protocol_id),
                           .form = std::move(form),
                           .command = std::move(command)};
}

Result<AppliedCommand> ApplyEntryCommand(const AuthorisedCommand& authorised,
                                         const data_entry::ProtocolEntryState& state,
                                         const storage::EventActor& actor) {
  const std::string& protocol_id = authorised.protocol_id;
  ASSIGN_OR_RETURN(data_entry::Transition transition,
                   data_entry::Apply(*authorised.form, state, authorised.command));
  storage::EntryCommit commit;
  commit.protocol_id = protocol_id;
  commit.expected_version = state.version;
  commit.state = transition.state;
  for (const data_entry::AuditEvent& event : transition.events) {
    commit.events.push_back(storage::EntryAuditEvent(event, protocol_id, actor));
  }
  if (transition.state.approved.size() > state.approved.size()) {
    const data_entry::ApprovedVersion& approved = transition.state.approved.back();
    ASSIGN_OR_RETURN(protocol::Protocol protocol,
                     data_entry::ToProtocol(*authorised.form, approved.values));
    commit.approved = protocol::Submission{.protocol = std::move(protocol),
                                           .decision = approved.decision,
                                           .source = fmt::format("entry:{}", protocol_id),
                                           .refusal = {}};
  }
  return AppliedCommand{.transition = std::move(transition), .commit = std::move(commit)};
}

Result<data_entry::Transition> RunEntryCommand(storage::Store& store, const EntryDesk& desk,
                                               const access::User& user,
                                               std::string_view protocol_id,
                                               data_entry::Command command,
                                               const storage::EventActor& actor) {
  ASSIGN_OR_RETURN(const AuthorisedCommand authorised,
                   AuthoriseEntryCommand(desk, user, protocol_id, std::move(command)));
  ASSIGN_OR_RETURN(const data_entry::ProtocolEntryState state, store.EntryState(protocol_id));
  RETURN_IF_ERROR(CheckSummaryApproval(store, desk, authorised, state));
  ASSIGN_OR_RETURN(AppliedCommand applied, ApplyEntryCommand(authorised, state, actor));
  RETURN_IF_ERROR(store.CommitEntry(applied.commit, desk.ratios).status());
  return std::move(applied.transition);
}

Result<std::vector<ExpectedProtocol>> ListCommissionProtocols(storage::Store& store,
                                                              const EntryDesk& desk,
                                                              std::string_view commission_id) {
  const model::Commission* commission = desk.FindCommission(commission_id);
  if (commission == nullptr) {
    return NotFoundError(
        fmt::format("no commission '{}' in the election", EscapeControlCharacters(commission_id)));
  }
  std::vector<const model::Commission*> listed = {commission};
  if (const auto found = desk.children.find(commission->id); found != desk.children.end()) {
    for (const size_t child : found->second) {
      listed.push_back(&desk.election.definition->commissions()[child]);
    }
  }
  std::vector<ExpectedProtocol> protocols;
  for (const model::Commission* each : listed) {
    for (const ContestRef& contest : ExpectedContests(*desk.election.definition, *each)) {
      ExpectedProtocol expected{.protocol_id = data_entry::ProtocolId(each->id, contest),
                                .commission_id = each->id,
                                .contest = contest};
      ASSIGN_OR_RETURN(const data_entry::ProtocolEntryState state,
                       store.EntryState(expected.protocol_id));
      expected.status = state.status;
      expected.version = state.version;
      protocols.push_back(std::move(expected));
    }
  }
  return protocols;
}

Result<EntryProgress> ProgressCounts(storage::Store& store, const EntryDesk& desk,
                                     std::string_view commission_id) {
  const model::Commission* root = desk.FindCommission(commission_id);
  if (root == nullptr) {
    return NotFoundError(
        fmt::format("no commission '{}' in the election", EscapeControlCharacters(commission_id)));
  }
  ASSIGN_OR_RETURN(std::vector<storage::StoredEntryState> stored, store.EntryStates());
  std::unordered_map<std::string, const data_entry::ProtocolEntryState*> by_id;
  for (const storage::StoredEntryState& each : stored) {
    by_id.emplace(each.protocol_id, &each.state);
  }
  const std::vector<model::Commission>& commissions = desk.election.definition->commissions();
  EntryProgress progress;
  // Depth first over the subtree; the tree has no cycles (CommissionScopes refuses one, and the
  // definition's loader orders parents before children), but a visited set guards anyway.
  std::vector<size_t> pending = {desk.commission_index.at(root->id)};
  std::vector<bool> visited(commissions.size(), false);
  while (!pending.empty()) {
    const size_t at = pending.back();
    pending.pop_back();
    if (visited[at]) {
      continue;
    }
    visited[at] = true;
    const model::Commission& commission = commissions[at];
    for (const ContestRef& contest : ExpectedContests(*desk.election.definition, commission)) {
      const auto found = by_id.find(data_entry::ProtocolId(commission.id, contest));
      Count(progress, found == by_id.end() ? nullptr : found->second);
    }
    if (const auto below = desk.children.find(commission.id); below != desk.children.end()) {
      pending.insert(pending.end(), below->second.begin(), below->second.end());
    }
  }
  return progress;
}

}  // namespace esep::service
