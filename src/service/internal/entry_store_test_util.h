// The fixture of the double-entry service tests (entries, summaries, history): a fresh store
// holding the election of entry_election_test_util.h, its desk, users of each role, and
// shorthands to run commands and to type a protocol twice.

#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "data_entry/form_values.h"
#include "model/definition_files.h"
#include "service/entries.h"
#include "service/internal/entry_election_test_util.h"
#include "storage/sqlite_store.h"
#include "tabulation/internal/toy_election_test_util.h"

namespace esep::service::internal {

using data_entry::EntryStatus;
using protocol::ContestRef;

inline constexpr ContestRef kList{.kind = ContestRef::Kind::kPartyList, .district = 0};
inline constexpr ContestRef kDistrict1{.kind = ContestRef::Kind::kDistrict, .district = 1};

class EntryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    path_ = ::testing::TempDir() + fmt::format("esep-entries-{}-{}.db", ::getpid(), counter++);
    RemoveStore();
    OpenStore();
    const std::vector<model::DefinitionFile> files = EntryElectionFiles();
    ASSERT_TRUE(
        store_->SetDefinition(model::DefinitionSha256(files), files, "kz-majilis-2023").ok());
    Result<EntryDesk> desk = LoadEntryDesk(*store_, path_);
    ASSERT_TRUE(desk.has_value()) << desk.error().ToString();
    desk_ = std::make_unique<EntryDesk>(std::move(*desk));
  }
  void TearDown() override {
    store_.reset();
    RemoveStore();
  }

  void OpenStore() {
    store_.reset();
    Result<std::unique_ptr<storage::Store>> store = storage::OpenSqliteStore(path_);
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    store_ = std::move(*store);
  }
  void RemoveStore() {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_ + suffix);
    }
  }

  storage::EventActor ActorOf(const access::User& user) {
    return storage::EventActor{.user_id = user.id,
                               .commission_id = user.commission_id,
                               .time = std::chrono::sys_days(std::chrono::year(2026) / 12 / 7),
                               .client_address = "192.0.2.7"};
  }

  Result<data_entry::Transition> Run(const access::User& user, std::string_view protocol_id,
                                     data_entry::Action action) {
    Result<data_entry::ProtocolEntryState> state = ReadEntryState(*store_, protocol_id);
    EXPECT_TRUE(state.has_value());
    return RunWithVersion(user, protocol_id, std::move(action), state->version);
  }
  Result<data_entry::Transition> RunWithVersion(const access::User& user,
                                                std::string_view protocol_id,
                                                data_entry::Action action, int64_t version) {
    data_entry::Command command{
        .actor = "someone else", .expected_version = version, .action = std::move(action)};
    return RunEntryCommand(*store_, *desk_, user, protocol_id, std::move(command), ActorOf(user));
  }

  // The values of P1's consistent party-list protocol on its form.
  data_entry::FormValues P1Values() { return ValuesOf("P1:list", P1Protocol()); }
  static protocol::Protocol P1Protocol() {
    return tabulation::toy::ToyProtocol("P1", kList, 100, {30, 20});
  }

  // Both entries of P1's list typed, identically, and finalised: definitive at version 6.
  void EnterTwice() { EnterTwice("P1:list", P1Values()); }
  // Both entries of `protocol_id` typed as `values` by the two typists, and finalised.
  void EnterTwice(std::string_view protocol_id, const data_entry::FormValues& values) {
    EnterTwice(protocol_id, values, typist_, second_typist_);
  }
  void EnterTwice(std::string_view protocol_id, const data_entry::FormValues& values,
                  const access::User& first, const access::User& second) {
    for (int entry : {1, 2}) {
      const access::User& typist = entry == 1 ? first : second;
      ASSERT_TRUE(Run(typist, protocol_id, data_entry::Claim{entry}).has_value());
      ASSERT_TRUE(Run(typist, protocol_id, data_entry::Save{entry, values}).has_value());
      Result<data_entry::Transition> finalised =
          Run(typist, protocol_id, data_entry::Finalise{.entry = entry});
      ASSERT_TRUE(finalised.has_value()) << finalised.error().ToString();
    }
    EXPECT_EQ(ReadEntryState(*store_, protocol_id)->status, EntryStatus::kDefinitive);
  }

  // `protocol` on the form of `protocol_id`.
  data_entry::FormValues ValuesOf(std::string_view protocol_id,
                                  const protocol::Protocol& protocol) {
    Result<data_entry::FormDefinition> form = FormOf(*desk_, protocol_id);
    EXPECT_TRUE(form.has_value());
    Result<data_entry::FormValues> values = data_entry::FromProtocol(*form, protocol);
    EXPECT_TRUE(values.has_value()) << values.error().ToString();
    return values.has_value() ? *values : data_entry::FormValues{};
  }

  std::string path_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<EntryDesk> desk_;
  access::User typist_ = MakeUser("11", access::Role::kTypist, "TEC-N");
  access::User second_typist_ = MakeUser("12", access::Role::kTypist, "P1");
  access::User chair_ = MakeUser("13", access::Role::kChair, "TEC-N");
  access::User coordinator_ = MakeUser("14", access::Role::kCoordinator, "TEC-N");
  access::User southern_typist_ = MakeUser("15", access::Role::kTypist, "TEC-S");
  access::User observer_ = MakeUser("16", access::Role::kObserver, "CEC");
};

}  // namespace esep::service::internal
