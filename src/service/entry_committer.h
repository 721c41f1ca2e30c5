// EntryCommitter: group commit of double-entry commands (issue 12). Many server threads submit
// commands at once; one committer thread takes every command waiting (up to a cap), runs them
// in arrival order as RunEntryCommand would (a later command on the same protocol sees the state
// the earlier one made), stores the batch with ONE durable transaction
// (storage::Store::CommitEntries: one sync to disk for all of them) and only then wakes each
// submitter with its own command's result. Durability is not weakened: a command is answered
// only once its transaction is on disk; what is shared is the sync. No thread waits per command:
// the committer calls each command's completion when its batch is done (SubmitAndWait is the
// waiting form, for callers that have a thread to spare).
//
// Semantics are those of RunEntryCommand, command by command, in the order the committer took
// them: authorisation (done on the submitting thread, before queueing), data_entry::Apply's
// refusals (kAborted for a stale expected version), the store's (kAborted when the stored
// version moved, kFailedPrecondition for a refused approval). When the store refuses a command
// that later commands of the same batch built on, those later commands are run again on the
// stored state in the next round, so the outcome is the one of running them one by one. A
// database error fails every command of its batch (nothing of it is written).
//
// The entry states: the committer is the only writer of the store's entry states while the
// server runs (no other path of `esep` writes them), so it keeps those it read or committed in
// memory, at most EntryCommitterOptions::max_cached_states, and reads a protocol's row only when
// it has not kept its state. A state is kept only once its transaction is committed; a command
// the store refuses, and every command of a batch that fails, drops its protocol's copy, so the
// next command on it reads the stored state. Should another process write an entry state anyway,
// the store's version check refuses the commands built on the stale copy (kAborted, as when
// another command came first), writes nothing of them and drops the copy.
//
// The store: the committer runs its batches through `StoreAccess`, which must give it exclusive
// use of a store for the duration of the call. `esep serve` gives it a connection of its own on
// the same file (server/api_router.cc): the server's shared connection then never waits for a
// batch's sync, and SQLite (WAL) serialises the two writers, the committer's batches and the
// server's few other writes (sessions, accounts), with its busy timeout.
//
// Thread-safe: Submit and SubmitAndWait from any number of threads. Stop (or the destructor) stops
// accepting, commits what is queued, and joins the thread; call it before the store closes.
//
// Example:
//   EntryCommitter committer(desk, EntryCommitter::OwnStore(std::move(store)));
//   committer.Submit(user, "P-1:list", command, actor,
//                    [](Result<data_entry::Transition> done) { /* answer the request */ });
//   Result<data_entry::Transition> done =
//       committer.SubmitAndWait(user, "P-1:list", command, actor);  // after its commit

#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "access/user.h"
#include "base/result.h"
#include "data_entry/command.h"
#include "data_entry/protocol_entry_state.h"
#include "data_entry/transition.h"
#include "service/entries.h"
#include "storage/audit_event.h"
#include "storage/store.h"

namespace esep::service {

struct EntryCommitterOptions {
  // The most commands one transaction commits. REQUIRES: >= 1.
  size_t max_batch = 512;
  // How many entry states the committer keeps in memory at most (the protocols used last).
  // 0: none, every state is read from the store.
  size_t max_cached_states = 16384;
};

class EntryCommitter {
 public:
  // Calls `work` with a store the committer may use alone until `work` returns.
  using StoreAccess = std::function<void(const std::function<void(storage::Store&)>& work)>;

  // A StoreAccess over a store the committer owns (only its thread uses it).
  // REQUIRES: store != nullptr.
  static StoreAccess OwnStore(std::unique_ptr<storage::Store> store);

  // Starts the committer's thread. REQUIRES: desk != nullptr.
  EntryCommitter(std::shared_ptr<const EntryDesk> desk, StoreAccess access,
                 EntryCommitterOptions options = {});
  EntryCommitter(const EntryCommitter&) = delete;
  EntryCommitter& operator=(const EntryCommitter&) = delete;
  // Stop().
  ~EntryCommitter();

  // What Submit's caller is told, once.
  using Completion = std::function<void(Result<data_entry::Transition>)>;

  // Queues `command`; `done` gets RunEntryCommand's result once the command's batch is durably
  // committed (or the command refused), on the committer's thread — so it must be quick (an
  // answer to build and hand over), and it must not wait for another command. A command refused
  // before it is queued (authorisation; kUnavailable once Stop has been called) gets `done` at
  // once, on the calling thread. Nothing blocks: the server answers the request from `done`,
  // with no thread waiting per command.
  void Submit(const access::User& user, std::string_view protocol_id, data_entry::Command command,
              storage::EventActor actor, Completion done);

  // The same, waiting: the result once the command's batch is durably committed (or refused).
  // Blocks the calling thread meanwhile.
  Result<data_entry::Transition> SubmitAndWait(const access::User& user,
                                               std::string_view protocol_id,
                                               data_entry::Command command,
                                               const storage::EventActor& actor);

  // Stops accepting commands, commits those queued, and joins the thread. Idempotent.
  void Stop();

 private:
  struct Pending;

  void Loop();
  // Runs `batch` (commands in order) against `store`, setting each one's result.
  void RunBatch(storage::Store& store, std::deque<Pending*> batch);

  // The kept state of `protocol_id` (now the one used last), or nullptr.
  std::shared_ptr<const data_entry::ProtocolEntryState> Kept(const std::string& protocol_id);
  // Keeps `state` as the committed state of `protocol_id`. REQUIRES: state != nullptr.
  void Keep(const std::string& protocol_id,
            std::shared_ptr<const data_entry::ProtocolEntryState> state);
  // Drops the kept state of `protocol_id`, if any.
  void Drop(const std::string& protocol_id);

  std::shared_ptr<const EntryDesk> desk_;
  StoreAccess access_;
  EntryCommitterOptions options_;

  std::mutex mutex_;
  std::condition_variable work_;                // the committer: commands queued, or stopping
  std::deque<std::unique_ptr<Pending>> queue_;  // guarded by mutex_
  bool stopping_ = false;                       // guarded by mutex_
  // The entry states kept (used by the committer's thread only), the one used last first: when
  // there are more than max_cached_states, the one used longest ago is dropped, one at a time
  // (dropping thousands at once held every command of a batch for a hundred milliseconds).
  // Shared, never copied: a batch reads a kept state while it may be dropped.
  struct KeptState {
    std::shared_ptr<const data_entry::ProtocolEntryState> state;
    std::list<std::string>::iterator in_order;
  };
  std::unordered_map<std::string, KeptState> kept_;
  std::list<std::string> kept_order_;  // the ids of kept_, the one used last first
  std::mutex stop_mutex_;              // serialises Stop()
  std::thread thread_;                 // last: started once the members above exist
};

}  // namespace esep::service
