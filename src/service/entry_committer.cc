#include "service/entry_committer.h"

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "service/summaries.h"

namespace esep::service {

struct EntryCommitter::Pending {
  AuthorisedCommand authorised;
  storage::EventActor actor;
  // Set by the committer's thread only, then given to `done`.
  std::optional<Result<data_entry::Transition>> outcome;
  Completion done;
};

EntryCommitter::StoreAccess EntryCommitter::OwnStore(std::unique_ptr<storage::Store> store) {
  std::shared_ptr<storage::Store> owned(std::move(store));
  return [owned](const std::function<void(storage::Store&)>& work) { work(*owned); };
}

EntryCommitter::EntryCommitter(std::shared_ptr<const EntryDesk> desk, StoreAccess access,
                               EntryCommitterOptions options)
    : desk_(std::move(desk)),
      access_(std::move(access)),
      options_(options),
      thread_([this] { Loop(); }) {}

EntryCommitter::~EntryCommitter() { Stop(); }

void EntryCommitter::Submit(const access::User& user, std::string_view protocol_id,
                            data_entry::Command command, storage::EventActor actor,
                            Completion done) {
  Result<AuthorisedCommand> authorised =
      AuthoriseEntryCommand(*desk_, user, protocol_id, std::move(command));
  if (!authorised.has_value()) {
    done(authorised.error());
    return;
  }
  auto pending = std::make_unique<Pending>(Pending{.authorised = *std::move(authorised),
                                                   .actor = std::move(actor),
                                                   .outcome = std::nullopt,
                                                   .done = std::move(done)});
  std::unique_ptr<Pending> refused;  // not queued: the committer is stopping
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) {
      refused = std::move(pending);
    } else {
      queue_.push_back(std::move(pending));
    }
  }
  if (refused != nullptr) {
    refused->done(UnavailableError("the server is stopping: the command was not run"));
    return;
  }
  work_.notify_one();
}

Result<data_entry::Transition> EntryCommitter::SubmitAndWait(const access::User& user,
                                                             std::string_view protocol_id,
                                                             data_entry::Command command,
                                                             const storage::EventActor& actor) {
  // The caller sleeps on a condition variable until its batch is done. Not a
  // std::binary_semaphore: libstdc++'s spins with sched_yield before it sleeps, which with
  // dozens of waiters on two cores takes the committer's CPU time (docs/benchmarks.md, issue 12).
  struct Waiter {
    std::mutex mutex;
    std::condition_variable woken;
    std::optional<Result<data_entry::Transition>> outcome;  // guarded by mutex
  };
  auto waiter = std::make_shared<Waiter>();
  Submit(user, protocol_id, std::move(command), actor,
         [waiter](Result<data_entry::Transition> outcome) {
           std::lock_guard<std::mutex> lock(waiter->mutex);
           waiter->outcome = std::move(outcome);
           waiter->woken.notify_one();
         });
  std::unique_lock<std::mutex> lock(waiter->mutex);
  waiter->woken.wait(lock, [&] { return waiter->outcome.has_value(); });
  return *std::move(waiter->outcome);
}

void EntryCommitter::Stop() {
  std::lock_guard<std::mutex> stopping(stop_mutex_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  work_.notify_one();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void EntryCommitter::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) {
      return;  // stopping, and everything queued is done
    }
    std::vector<std::unique_ptr<Pending>> taken;
    std::deque<Pending*> batch;
    while (!queue_.empty() && batch.size() < options_.max_batch) {
      taken.push_back(std::move(queue_.front()));
      queue_.pop_front();
      batch.push_back(taken.back().get());
    }
    lock.unlock();
    access_([&](storage::Store& store) { RunBatch(store, std::move(batch)); });
    // Each command's completion, once its batch is committed: the request it answers goes back
    // to its connection from here, with no thread waiting for it.
    for (const std::unique_ptr<Pending>& each : taken) {
      if (!each->outcome.has_value()) {
        each->outcome = InternalError("the entry committer left a command without a result");
      }
      // A completion that throws must not end the committer (and every later command with
      // it): its request goes unanswered and times out, the commit stands.
      try {
        each->done(*std::move(each->outcome));
      } catch (...) {  // NOLINT(bugprone-empty-catch): see above
      }
    }
    lock.lock();
  }
}

void EntryCommitter::RunBatch(storage::Store& store, std::deque<Pending*> batch) {
  // Rounds: a round applies its commands in order, each to the state the commands before it
  // left, and commits them at once. When the store refuses a command, the commands of the round
  // that were applied to a state it made are run again in the next round, from the stored state.
  while (!batch.empty()) {
    // A protocol's state as the batch's commands so far left it: a kept (or just read) state,
    // or the state of one of the round's commits — pointed at, not copied (a state is a few
    // maps of strings: copies were a tenth of the server's processor time).
    struct Seen {
      std::shared_ptr<const data_entry::ProtocolEntryState> kept;  // null: made by a commit
      const data_entry::ProtocolEntryState* state = nullptr;       // kept.get() or a commit's
      std::optional<size_t> made_by;  // the commit (index in `commits`) that made it
    };
    std::unordered_map<std::string, Seen> states;
    std::vector<storage::EntryCommit> commits;
    commits.reserve(batch.size());  // Seen::state points into it: it must not move
    std::vector<data_entry::Transition> transitions;
    std::vector<Pending*> committed;  // the command of each commit
    // For each command, the commit whose state it was applied to (none: the stored state).
    std::vector<std::pair<Pending*, std::optional<size_t>>> applied_to;
    for (Pending* pending : batch) {
      const std::string& id = pending->authorised.protocol_id;
      auto found = states.find(id);
      if (found == states.end()) {
        std::shared_ptr<const data_entry::ProtocolEntryState> kept = Kept(id);
        if (kept == nullptr) {
          Result<data_entry::ProtocolEntryState> stored = store.EntryState(id);
          if (!stored.has_value()) {
            pending->outcome = stored.error();
            continue;
          }
          kept = std::make_shared<const data_entry::ProtocolEntryState>(*std::move(stored));
          Keep(id, kept);
        }
        const data_entry::ProtocolEntryState* state = kept.get();
        found = states.emplace(id, Seen{.kept = std::move(kept), .state = state}).first;
      }
      applied_to.emplace_back(pending, found->second.made_by);
      // A summary's approval is checked against the precinct protocols accepted before this
      // batch (those the batch approves are not committed yet: the summary's page shows them
      // once they are).
      if (Status gate =
              CheckSummaryApproval(store, *desk_, pending->authorised, *found->second.state);
          !gate.ok()) {
        pending->outcome = std::move(gate);
        continue;
      }
      Result<AppliedCommand> applied =
          ApplyEntryCommand(pending->authorised, *found->second.state, pending->actor);
      if (!applied.has_value()) {
        pending->outcome = applied.error();
        continue;
      }
      commits.push_back(std::move(applied->commit));
      found->second =
          Seen{.kept = nullptr, .state = &commits.back().state, .made_by = commits.size() - 1};
      transitions.push_back(std::move(applied->transition));
      committed.push_back(pending);
    }
    batch.clear();
    if (commits.empty()) {
      return;
    }
    Result<std::vector<Result<std::optional<storage::SubmitResult>>>> results =
        store.CommitEntries(commits, desk_->ratios);
    if (!results.has_value()) {
      for (Pending* pending : committed) {
        Drop(pending->authorised.protocol_id);
        pending->outcome = results.error();
      }
      return;
    }
    // A commit is undone when the store refused it or when it was applied to an undone one.
    std::vector<bool> undone(commits.size(), false);
    std::unordered_map<Pending*, size_t> commit_index;
    for (size_t i = 0; i < committed.size(); ++i) {
      commit_index.emplace(committed[i], i);
    }
    for (const auto& [pending, made_by] : applied_to) {
      const bool on_undone = made_by.has_value() && undone[*made_by];
      const auto own = commit_index.find(pending);
      if (on_undone) {
        if (own != commit_index.end()) {
          undone[own->second] = true;
        }
        Drop(pending->authorised.protocol_id);
        pending->outcome.reset();
        batch.push_back(pending);  // again, from the stored state
        continue;
      }
      if (own == commit_index.end()) {
        continue;  // refused by Apply, on a state that stands: its result is set
      }
      const size_t i = own->second;
      if (!(*results)[i].has_value()) {
        undone[i] = true;
        Drop(pending->authorised.protocol_id);
        pending->outcome = (*results)[i].error();
      } else {
        // In order: the protocol's last committed command leaves its state. Each commit's
        // state is kept once and read no more: moved, not copied.
        Keep(pending->authorised.protocol_id,
             std::make_shared<const data_entry::ProtocolEntryState>(std::move(commits[i].state)));
        pending->outcome = std::move(transitions[i]);
      }
    }
  }
}

std::shared_ptr<const data_entry::ProtocolEntryState> EntryCommitter::Kept(
    const std::string& protocol_id) {
  const auto found = kept_.find(protocol_id);
  if (found == kept_.end()) {
    return nullptr;
  }
  kept_order_.splice(kept_order_.begin(), kept_order_, found->second.in_order);
  return found->second.state;
}

void EntryCommitter::Keep(const std::string& protocol_id,
                          std::shared_ptr<const data_entry::ProtocolEntryState> state) {
  if (options_.max_cached_states == 0) {
    return;
  }
  if (const auto found = kept_.find(protocol_id); found != kept_.end()) {
    found->second.state = std::move(state);
    kept_order_.splice(kept_order_.begin(), kept_order_, found->second.in_order);
    return;
  }
  if (kept_.size() >= options_.max_cached_states) {
    kept_.erase(kept_order_.back());
    kept_order_.pop_back();
  }
  kept_order_.push_front(protocol_id);
  kept_.emplace(protocol_id, KeptState{.state = std::move(state), .in_order = kept_order_.begin()});
}

void EntryCommitter::Drop(const std::string& protocol_id) {
  if (const auto found = kept_.find(protocol_id); found != kept_.end()) {
    kept_order_.erase(found->second.in_order);
    kept_.erase(found);
  }
}

}  // namespace esep::service
