// The store's accounts and audit events (format 5): users with stale-update protection, sessions
// kept by their token's hash, an audit event in the chain for every change to a user, events
// covered by VerifyChain, and the migration of a format 4 store.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "access/password_hasher.h"
#include "access/session.h"
#include "storage/audit_event.h"
#include "storage/chain_events.h"
#include "storage/internal/store_helpers_test_util.h"
#include "storage/internal/store_test_util.h"
#include "storage/sqlite_store.h"

namespace esep::storage {
namespace {

using internal::EntryText;
using internal::HasCode;
using internal::IsOk;
using internal::OpenOrDie;
using internal::RawExec;
using internal::RawQuery;
using internal::RewriteEntry;
using internal::TempStorePath;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kHash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";

std::chrono::sys_seconds At(int minute) {
  return std::chrono::sys_days(std::chrono::year(2026) / 12 / 7) + std::chrono::hours(20) +
         std::chrono::minutes(minute);
}

EventActor Cli(int minute = 0) {
  return EventActor{
      .user_id = "cli", .commission_id = "TEC 1", .time = At(minute), .client_address = "local"};
}

access::User Typist(std::string login = "aigerim.k") {
  access::User user;
  user.login_name = std::move(login);
  user.display_name = "Aigerim Kassymova";
  user.role = access::Role::kTypist;
  user.commission_id = "TEC 1";
  user.password_hash = std::string(kHash);
  return user;
}

std::string TokenHash(char digit) { return std::string(64, digit); }

// The kinds of the store's event entries, in chain order.
std::vector<std::string> EventKinds(const std::string& path) {
  std::vector<std::string> kinds;
  const int64_t last = std::stoll(RawQuery(path, "SELECT coalesce(max(id), 0) FROM chain"));
  for (int64_t id = 1; id <= last; ++id) {
    int64_t entry = 0;
    Result<AuditEvent> event = DecodeEventEntry(EntryText(path, id), entry);
    if (event.has_value()) {
      kinds.emplace_back(EventKindName(event->kind));
    }
  }
  return kinds;
}

TEST(AccountsStoreTest, AddFindAndListUsers) {
  TempStorePath file;
  auto store = OpenOrDie(file.path());
  Result<StoredUser> added = store->AddUser(Typist(), Cli(1));
  ASSERT_TRUE(added.has_value()) << added.error().ToString();
  EXPECT_EQ(added->user.id, "1");
  EXPECT_EQ(added->version, 1);
  EXPECT_EQ(added->user.created_at, At(1));
  EXPECT_EQ(added->user.updated_at, At(1));
  ASSERT_TRUE(store->AddUser(Typist("daniyar"), Cli(2)).has_value());

  Result<std::optional<StoredUser>> found = store->FindUserByLogin("aigerim.k");
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->user.display_name, "Aigerim Kassymova");
  EXPECT_EQ((*found)->user.role, access::Role::kTypist);
  EXPECT_EQ((*found)->user.commission_id, "TEC 1");
  EXPECT_EQ((*found)->user.password_hash, kHash);
  EXPECT_TRUE((*found)->user.must_change_password);
  EXPECT_FALSE((*found)->user.disabled);
  EXPECT_EQ((*found)->user.created_at, At(1));
  EXPECT_EQ((*store->FindUserById("2"))->user.login_name, "daniyar");
  EXPECT_FALSE(store->FindUserById("3")->has_value());
  EXPECT_FALSE(store->FindUserById("01")->has_value());
  EXPECT_FALSE(store->FindUserById("x")->has_value());
  EXPECT_FALSE(store->FindUserByLogin("nobody")->has_value());
  Result<std::vector<StoredUser>> users = store->ListUsers();
  ASSERT_TRUE(users.has_value());
  ASSERT_EQ(users->size(), 2U);
  EXPECT_EQ((*users)[0].user.login_name, "aigerim.k");
  EXPECT_EQ((*users)[1].user.login_name, "daniyar");
  EXPECT_EQ(EventKinds(file.path()), (std::vector<std::string>{"user_added", "user_added"}));
  // Another connection sees them.
  auto reader = OpenOrDie(file.path(), /*read_only=*/true);
  EXPECT_EQ(reader->ListUsers()->size(), 2U);
}

TEST(AccountsStoreTest, AddRefusesTakenLoginsAndBadRecords) {
  TempStorePath file;
  auto store = OpenOrDie(file.path());
  ASSERT_TRUE(store->AddUser(Typist(), Cli()).has_value());
  const std::string head = *store->ChainHead();
  Result<StoredUser> again = store->AddUser(Typist(), Cli());
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code(), StatusCode::kAlreadyExists);
  EXPECT_THAT(again.error().message(), HasSubstr("'aigerim.k' is taken"));

  access::User plain = Typist("plain");
  plain.password_hash = "correct horse battery staple";
  EXPECT_EQ(store->AddUser(plain, Cli()).error().code(), StatusCode::kInvalidArgument);
  access::User bad_name = Typist("Aigerim");
  EXPECT_EQ(store->AddUser(bad_name, Cli()).error().code(), StatusCode::kInvalidArgument);
  access::User no_commission = Typist("nocommission");
  no_commission.commission_id.clear();
  EXPECT_EQ(store->AddUser(no_commission, Cli()).error().code(), StatusCode::kInvalidArgument);
  // Nothing was written by the refusals: no user, no event.
  EXPECT_EQ(store->ListUsers()->size(), 1U);
  EXPECT_EQ(*store->ChainHead(), head);
}

TEST(AccountsStoreTest, UpdatesAreEventsAndStaleUpdatesAreRefused) {
  TempStorePath file;
  auto store = OpenOrDie(file.path());
  StoredUser user = *store->AddUser(Typist(), Cli(1));

  access::User changed = user.user;
  changed.role = access::Role::kCoordinator;
  changed.display_name = "Aigerim K.";
  Result<StoredUser> updated = store->UpdateUser(changed, 1, Cli(2));
  ASSERT_TRUE(updated.has_value()) << updated.error().ToString();
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->user.updated_at, At(2));
  EXPECT_EQ((*store->FindUserById("1"))->user.role, access::Role::kCoordinator);

  // A second writer that read version 1 is refused, and nothing is written.
  access::User stale = user.user;
  stale.disabled = true;
  const std::string head = *store->ChainHead();
  Result<StoredUser> refused = store->UpdateUser(stale, 1, Cli(3));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), StatusCode::kAborted);
  EXPECT_THAT(refused.error().message(), HasSubstr("version 2, not 1"));
  EXPECT_FALSE((*store->FindUserById("1"))->user.disabled);
  EXPECT_EQ(*store->ChainHead(), head);

  // Nothing changed: nothing written.
  EXPECT_EQ(store->UpdateUser(updated->user, 2, Cli(4))->version, 2);
  EXPECT_EQ(*store->ChainHead(), head);

  // The login name and the creation time never change; an unknown id is not found.
  access::User renamed = updated->user;
  renamed.login_name = "someone.else";
  EXPECT_EQ(store->UpdateUser(renamed, 2, Cli(5)).error().code(), StatusCode::kInvalidArgument);
  access::User ghost = updated->user;
  ghost.id = "9";
  EXPECT_EQ(store->UpdateUser(ghost, 2, Cli(5)).error().code(), StatusCode::kNotFound);

  // A reset password, a chosen one, then disabling.
  access::User reset = updated->user;
  reset.password_hash = std::string(kHash) + "2";
  reset.must_change_password = true;
  ASSERT_EQ(store->UpdateUser(reset, 2, Cli(6))->version, 3);
  access::User chosen = reset;
  chosen.password_hash = std::string(kHash) + "3";
  chosen.must_change_password = false;
  ASSERT_EQ(store->UpdateUser(chosen, 3, Cli(7))->version, 4);
  access::User disabled = chosen;
  disabled.disabled = true;
  ASSERT_EQ(store->UpdateUser(disabled, 4, Cli(8))->version, 5);
  EXPECT_EQ(EventKinds(file.path()),
            (std::vector<std::string>{"user_added", "user_changed", "password_reset",
                                      "password_changed", "user_disabled"}));

  // The user_changed event records what changed and the new values.
  int64_t entry = 0;
  Result<AuditEvent> event = DecodeEventEntry(EntryText(file.path(), 2), entry);
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->actor, Cli(2));
  EXPECT_EQ(event->details,
            (std::vector<std::pair<std::string, std::string>>{{"changed", "display_name,role"},
                                                              {"display_name", "Aigerim K."},
                                                              {"login_name", "aigerim.k"},
                                                              {"role", "coordinator"},
                                                              {"user", "1"}}));
  Result<ChainReport> report = store->VerifyChain();
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok()) << report->mismatch->what;
  EXPECT_EQ(report->events, 5);
}

TEST(AccountsStoreTest, Sessions) {
  TempStorePath file;
  auto store = OpenOrDie(file.path());
  const StoredUser user = *store->AddUser(Typist(), Cli());
  const access::Session session{
      .token_hash = TokenHash('a'), .user_id = "1", .created_at = At(10), .last_seen = At(10)};
  const AuditEvent login{
      .kind = EventKind::kLogin,
      .actor = {
          .user_id = "1", .commission_id = "TEC 1", .time = At(10), .client_address = "192.0.2.7"}};
  ASSERT_THAT(store->CreateSession(session, std::span(&login, 1)), IsOk());
  EXPECT_THAT(store->CreateSession(session), HasCode(StatusCode::kAlreadyExists));
  EXPECT_THAT(store->CreateSession({.token_hash = TokenHash('b'), .user_id = "2"}),
              HasCode(StatusCode::kNotFound));
  EXPECT_THAT(store->CreateSession({.token_hash = "ABC", .user_id = "1"}),
              HasCode(StatusCode::kInvalidArgument));

  Result<std::optional<StoredSession>> found = store->FindSession(TokenHash('a'));
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->session.user_id, "1");
  EXPECT_EQ((*found)->session.created_at, At(10));
  EXPECT_EQ((*found)->ended_at, std::nullopt);
  EXPECT_FALSE(store->FindSession(TokenHash('c'))->has_value());

  ASSERT_THAT(store->TouchSession(TokenHash('a'), At(12)), IsOk());
  EXPECT_EQ((*store->FindSession(TokenHash('a')))->session.last_seen, At(12));
  EXPECT_THAT(store->TouchSession(TokenHash('c'), At(12)), HasCode(StatusCode::kNotFound));

  const AuditEvent logout{.kind = EventKind::kLogout, .actor = login.actor};
  ASSERT_THAT(store->EndSession(TokenHash('a'), At(13), std::span(&logout, 1)), IsOk());
  EXPECT_EQ((*store->FindSession(TokenHash('a')))->ended_at, At(13));
  // An ended session is neither renewed nor ended again.
  EXPECT_THAT(store->TouchSession(TokenHash('a'), At(14)), HasCode(StatusCode::kNotFound));
  EXPECT_THAT(store->EndSession(TokenHash('a'), At(14)), HasCode(StatusCode::kNotFound));

  // Disabling a user ends their open sessions.
  ASSERT_THAT(store->CreateSession({.token_hash = TokenHash('d'),
                                    .user_id = "1",
                                    .created_at = At(20),
                                    .last_seen = At(20)}),
              IsOk());
  access::User disabled = user.user;
  disabled.disabled = true;
  ASSERT_TRUE(store->UpdateUser(disabled, 1, Cli(21)).has_value());
  EXPECT_EQ((*store->FindSession(TokenHash('d')))->ended_at, At(21));
  EXPECT_EQ(EventKinds(file.path()),
            (std::vector<std::string>{"user_added", "login", "logout", "user_disabled"}));
}

TEST(AccountsStoreTest, AppendEventsIsOneTransaction) {
  TempStorePath file;
  auto store = OpenOrDie(file.path());
  std::vector<AuditEvent> events(3);
  events[0].kind = EventKind::kLoginFailed;
  events[0].details = {{"login_name", "nobody"}};
  events[1].kind = EventKind::kEntrySaved;
  events[2].kind = EventKind::kPublication;
  ASSERT_THAT(store->AppendEvents(events), IsOk());
  EXPECT_EQ(RawQuery(file.path(), "SELECT count(*) FROM chain"), "1");
  EXPECT_EQ(RawQuery(file.path(), "SELECT first || '-' || id FROM chain"), "1-3");
  EXPECT_EQ(EventKinds(file.path()),
            (std::vector<std::string>{"login_failed", "entry_saved", "publication"}));
  Result<std::vector<RecordedEvent>> recorded = store->AuditEvents();
  ASSERT_TRUE(recorded.has_value());
  ASSERT_EQ(recorded->size(), 3U);
  EXPECT_EQ((*recorded)[0].entry, 1);
  EXPECT_EQ((*recorded)[0].event, events[0]);
  EXPECT_EQ((*recorded)[2].entry, 3);
  EXPECT_EQ((*recorded)[2].event.kind, EventKind::kPublication);
  // One bad event: none of them is appended.
  events[1].details = {{"password", "hunter2hunter2"}};
  EXPECT_THAT(store->AppendEvents(events), HasCode(StatusCode::kInvalidArgument));
  EXPECT_EQ(RawQuery(file.path(), "SELECT count(*) FROM chain"), "1");
  EXPECT_THAT(store->AppendEvents({}), IsOk());
  EXPECT_EQ(RawQuery(file.path(), "SELECT count(*) FROM chain"), "1");
}

TEST(AccountsStoreTest, NoSecretEverReachesTheChain) {
  TempStorePath file;
  auto store = OpenOrDie(file.path());
  access::PasswordHasher hasher({.parameters = access::kTestOnlyPasswordHashParameters});
  const std::string first_password = "first password of aigerim";
  const std::string second_password = "her own new password";
  access::User user = Typist();
  user.password_hash = *hasher.Hash(first_password);
  StoredUser stored = *store->AddUser(user, Cli(1));
  access::User changed = stored.user;
  changed.password_hash = *hasher.Hash(second_password);
  changed.must_change_password = false;
  ASSERT_TRUE(store->UpdateUser(changed, 1, Cli(2)).has_value());
  const access::SessionToken token = access::NewSessionToken();
  ASSERT_THAT(
      store->CreateSession(
          {.token_hash = token.hash_hex, .user_id = "1", .created_at = At(3), .last_seen = At(3)}),
      IsOk());
  const std::string chain = RawQuery(file.path(), "SELECT group_concat(content, '') FROM chain");
  ASSERT_THAT(chain, HasSubstr("password_changed"));
  for (const std::string& secret : {first_password, second_password, user.password_hash,
                                    changed.password_hash, token.cookie_value, token.hash_hex}) {
    EXPECT_THAT(chain, Not(HasSubstr(secret)));
  }
  EXPECT_THAT(chain, Not(HasSubstr("$argon2")));
}

TEST(AccountsStoreTest, VerifyChainCoversEvents) {
  TempStorePath file;
  {
    auto store = OpenOrDie(file.path());
    ASSERT_TRUE(store->AddUser(Typist(), Cli(1)).has_value());
    ASSERT_TRUE(store->AddUser(Typist("daniyar"), Cli(2)).has_value());
    Result<ChainReport> report = store->VerifyChain();
    ASSERT_TRUE(report.has_value() && report->ok());
    EXPECT_EQ(report->entries, 2);
    EXPECT_EQ(report->events, 2);
  }
  // An insider makes daniyar's account look added by someone else, an hour earlier.
  std::string text = EntryText(file.path(), 2);
  const size_t at = text.find("2026-12-07T20:02:00Z");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 20, "2026-12-07T19:02:00Z");
  ASSERT_EQ(RewriteEntry(file.path(), 2, text, "DROP TRIGGER chain_is_kept_unchanged"), "");
  auto store = OpenOrDie(file.path(), /*read_only=*/true);
  Result<ChainReport> report = store->VerifyChain();
  ASSERT_TRUE(report.has_value());
  ASSERT_FALSE(report->ok());
  EXPECT_EQ(report->mismatch->entry, 2);
  EXPECT_THAT(report->mismatch->what, HasSubstr("the hash recomputed"));
}

TEST(AccountsStoreTest, VerifyChainRefusesANonCanonicalEvent) {
  TempStorePath file;
  {
    auto store = OpenOrDie(file.path());
    ASSERT_TRUE(store->AddUser(Typist(), Cli(1)).has_value());
  }
  // A well-hashed row whose event does not read back (an unknown kind), as a buggy or hostile
  // writer would leave it.
  const std::string row =
      "[[1,\"event\",\"logon\",\"cli\",\"\",\"2026-12-07T20:01:00Z\",\"local\",{}]]";
  ASSERT_EQ(RawExec(file.path(),
                    fmt::format("DROP TRIGGER chain_is_kept_unchanged; UPDATE chain SET content "
                                "= {}, hash = '{}' WHERE id = 1",
                                internal::SqlText(row), ChainHash(GenesisHash(), row))),
            "");
  auto store = OpenOrDie(file.path(), /*read_only=*/true);
  Result<ChainReport> report = store->VerifyChain();
  ASSERT_TRUE(report.has_value());
  ASSERT_FALSE(report->ok());
  EXPECT_EQ(report->mismatch->entry, 1);
  EXPECT_THAT(report->mismatch->what, HasSubstr("unknown event kind 'logon'"));
}

TEST(AccountsStoreTest, VerifyChainComparesTheUsersTableWithTheEvents) {
  TempStorePath file;
  {
    auto store = OpenOrDie(file.path());
    const StoredUser added = *store->AddUser(Typist(), Cli(1));
    access::User disabled = added.user;
    disabled.disabled = true;
    ASSERT_TRUE(store->UpdateUser(disabled, 1, Cli(2)).has_value());
    ASSERT_TRUE(store->AddUser(Typist("daniyar"), Cli(3)).has_value());
    Result<ChainReport> report = store->VerifyChain();
    ASSERT_TRUE(report.has_value() && report->ok()) << report->mismatch->what;
  }
  const auto mismatch_after = [&](const std::string& sql) -> std::optional<ChainMismatch> {
    TempStorePath copy;
    std::filesystem::copy_file(file.path(), copy.path());
    EXPECT_EQ(RawExec(copy.path(), sql), "");
    auto store = OpenOrDie(copy.path(), /*read_only=*/true);
    Result<ChainReport> report = store->VerifyChain();
    EXPECT_TRUE(report.has_value());
    return report.has_value() ? report->mismatch : std::nullopt;
  };
  // An insider re-enables the disabled account and makes it a chair, by hand.
  std::optional<ChainMismatch> enabled =
      mismatch_after("UPDATE users SET disabled = 0 WHERE id = 1");
  ASSERT_TRUE(enabled.has_value());
  EXPECT_EQ(enabled->entry, 0);
  EXPECT_EQ(enabled->what,
            "users table, user 1 (aigerim.k): its disabled differs from what the chain's events "
            "record (the row was changed outside esep)");
  EXPECT_EQ(enabled->expected, "true");
  EXPECT_EQ(enabled->found, "false");
  std::optional<ChainMismatch> chair =
      mismatch_after("UPDATE users SET role = 'chair' WHERE id = 2");
  ASSERT_TRUE(chair.has_value());
  EXPECT_THAT(chair->what, HasSubstr("user 2 (daniyar): its role differs"));
  // A new hash with the version raised, as if changed through esep, but with no event.
  std::optional<ChainMismatch> version = mismatch_after(
      "UPDATE users SET password_hash = '$argon2id$other', version = 3 WHERE id = 1");
  ASSERT_TRUE(version.has_value());
  EXPECT_THAT(version->what, HasSubstr("at version 3, but the chain's events record 2"));
  // An account inserted by hand, and one deleted.
  std::optional<ChainMismatch> inserted = mismatch_after(
      "INSERT INTO users VALUES (3, 'intruder', 'I', 'administrator', 'TEC 1', 0, 0, "
      "'$argon2id$x', '2026-12-07T20:00:00Z', '2026-12-07T20:00:00Z', 1)");
  ASSERT_TRUE(inserted.has_value());
  EXPECT_THAT(inserted->what,
              HasSubstr("user 3 (intruder): no event of the chain added this account"));
  std::optional<ChainMismatch> deleted =
      mismatch_after("DROP TRIGGER users_are_never_deleted; DELETE FROM users WHERE id = 2");
  ASSERT_TRUE(deleted.has_value());
  EXPECT_THAT(deleted->what, HasSubstr("user 2, added at entry 3, is missing"));
}

// A store as format 4 left it: the same tables but the accounts, the entry states and the
// scans (and the turnout reports), format_version 4.
void MakeFormat4(const std::string& path) {
  ASSERT_EQ(RawExec(path,
                    "DROP TRIGGER turnout_reports_are_never_updated; DROP TRIGGER "
                    "turnout_reports_are_never_deleted; "
                    "DROP TABLE turnout_reports; "
                    "DROP TRIGGER scans_are_never_updated; DROP TRIGGER scans_are_never_deleted; "
                    "DROP TABLE scans; "
                    "DROP TABLE sessions; DROP TRIGGER users_are_never_deleted; "
                    "DROP TRIGGER users_keep_their_identity; DROP TABLE users; "
                    "DROP TRIGGER entry_states_are_never_deleted; "
                    "DROP TRIGGER entry_states_only_move_forward; DROP TABLE entry_states; "
                    "DROP TRIGGER metadata_is_never_updated; "
                    "UPDATE metadata SET value = '4' WHERE key = 'format_version'; "
                    "CREATE TRIGGER metadata_is_never_updated BEFORE UPDATE ON metadata BEGIN "
                    "SELECT RAISE(ABORT, 'the store metadata is written once'); END"),
            "");
}

TEST(AccountsStoreTest, AFormat4StoreIsReadAsItIsAndMigratedForWriting) {
  TempStorePath file;
  std::string head;
  {
    auto store = OpenOrDie(file.path());
    ASSERT_THAT(store->RecordResults("snapshot"), IsOk());
    head = *store->ChainHead();
  }
  MakeFormat4(file.path());
  {
    auto reader = OpenOrDie(file.path(), /*read_only=*/true);
    Result<ChainReport> report = reader->VerifyChain();
    ASSERT_TRUE(report.has_value() && report->ok());
    EXPECT_EQ(report->head_hash, head);
    Result<std::vector<StoredUser>> users = reader->ListUsers();
    ASSERT_FALSE(users.has_value());
    EXPECT_EQ(users.error().code(), StatusCode::kFailedPrecondition);
    EXPECT_THAT(users.error().message(), HasSubstr("format 4, which has no accounts"));
    EXPECT_TRUE(reader->AuditEvents()->empty());
  }
  EXPECT_EQ(RawQuery(file.path(), "SELECT value FROM metadata WHERE key = 'format_version'"), "4");
  {
    auto writer = OpenOrDie(file.path());
    EXPECT_EQ(RawQuery(file.path(), "SELECT value FROM metadata WHERE key = 'format_version'"),
              "7");
    EXPECT_EQ(*writer->ChainHead(), head);  // the chain is untouched
    ASSERT_TRUE(writer->AddUser(Typist(), Cli()).has_value());
    Result<ChainReport> report = writer->VerifyChain();
    ASSERT_TRUE(report.has_value() && report->ok());
    EXPECT_EQ(report->entries, 2);
    EXPECT_EQ(report->snapshots, 1);
  }
  // The migrated store keeps its triggers: metadata and users are protected as in a new one.
  EXPECT_THAT(RawExec(file.path(),
                      "UPDATE metadata SET value = '4' WHERE key = "
                      "'format_version'"),
              HasSubstr("written once"));
  EXPECT_THAT(RawExec(file.path(), "DELETE FROM users"), HasSubstr("never deleted"));
  EXPECT_THAT(RawExec(file.path(), "UPDATE users SET login_name = 'x'"),
              HasSubstr("keeps their id"));
  // The schema of a migrated store is that of a new one.
  TempStorePath fresh;
  OpenOrDie(fresh.path());
  const std::string schema_sql =
      "SELECT group_concat(name || ':' || sql, '\n') FROM (SELECT name, sql FROM sqlite_schema "
      "ORDER BY name)";
  EXPECT_EQ(RawQuery(file.path(), schema_sql), RawQuery(fresh.path(), schema_sql));
}

}  // namespace
}  // namespace esep::storage
