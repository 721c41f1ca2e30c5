// `esep users add|list|disable|reset-password --db FILE`: the commission server's accounts, from
// the command line, to bootstrap a server (its first administrator) and to help when nobody can
// log in. Each change is written with its audit event in the store's chain (user "cli", address
// "local"); passwords are read from standard input or prompted for with echo off, and stored
// only as Argon2id hashes (service/users.h).

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include "access/password_hasher.h"
#include "access/role.h"
#include "cli/commands.h"
#include "service/users.h"
#include "storage/audit_event.h"

namespace esep::cli {

namespace {

struct UsersFlags {
  std::string db;
  std::string login;
  std::string name;
  std::string role;
  std::string commission;
};

std::chrono::sys_seconds Now() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

// One line of standard input without its line ending; false at the end of the input.
bool ReadLine(std::string& line) {
  if (!std::getline(std::cin, line)) {
    return false;
  }
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
  }
  return true;
}

// Asks for a line on the terminal with echo off (the prompt goes to standard error).
Result<std::string> PromptHidden(const std::string& prompt) {
  std::cerr << prompt << std::flush;
  termios saved{};
  const bool terminal = tcgetattr(STDIN_FILENO, &saved) == 0;
  if (terminal) {
    termios hidden = saved;
    hidden.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden);
  }
  std::string line;
  const bool read = ReadLine(line);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  }
  std::cerr << "\n";
  if (!read) {
    return InvalidArgumentError("no password was given");
  }
  return line;
}

// The password: typed twice at a terminal, otherwise the first line of standard input.
Result<std::string> ReadPassword(const std::string& whose) {
  if (isatty(STDIN_FILENO) == 0) {
    std::string line;
    if (!ReadLine(line)) {
      return InvalidArgumentError(
          "no password on standard input: give the first password as its first line, or run "
          "the command at a terminal to be asked for it");
    }
    return line;
  }
  ASSIGN_OR_RETURN(std::string first, PromptHidden(fmt::format("First password for {}: ", whose)));
  ASSIGN_OR_RETURN(const std::string again, PromptHidden("The same password again: "));
  if (first != again) {
    return InvalidArgumentError("the two passwords differ; nothing was changed");
  }
  return first;
}

// Code points, for lining up columns of UTF-8 text.
size_t Width(std::string_view text) {
  size_t width = 0;
  for (const char c : text) {
    width += (static_cast<unsigned char>(c) & 0xc0) != 0x80 ? 1 : 0;
  }
  return width;
}

std::string Padded(std::string_view text, size_t width) {
  std::string out(text);
  out.append(width > Width(text) ? width - Width(text) : 0, ' ');
  return out;
}

void PrintUsers(const std::vector<storage::StoredUser>& users) {
  if (users.empty()) {
    std::cout << "No users yet. Add the first administrator with:\n"
                 "  esep users add --db STORE --login NAME --name \"Display Name\" "
                 "--role administrator --commission ID\n";
    return;
  }
  std::vector<std::vector<std::string>> rows = {
      {"ID", "LOGIN", "NAME", "ROLE", "COMMISSION", "STATE", "PASSWORD", "UPDATED (UTC)"}};
  for (const storage::StoredUser& stored : users) {
    const access::User& user = stored.user;
    rows.push_back({user.id, user.login_name, user.display_name,
                    std::string(access::RoleName(user.role)), user.commission_id,
                    user.disabled ? "disabled" : "active",
                    user.must_change_password ? "must change" : "chosen",
                    storage::FormatEventTime(user.updated_at)});
  }
  std::vector<size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], Width(row[i]));
    }
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += i + 1 == row.size() ? row[i] : Padded(row[i], widths[i]) + "  ";
    }
    std::cout << line << "\n";
  }
}

Status RunAdd(const UsersFlags& flags) {
  ASSIGN_OR_RETURN(auto store, service::OpenAccountsStore(flags.db));
  service::NewUserRequest request{.login_name = flags.login,
                                  .display_name = flags.name,
                                  .role = flags.role,
                                  .commission_id = flags.commission};
  // Everything but the password first: nobody types a password twice to learn the role is
  // misspelt.
  RETURN_IF_ERROR(service::CheckNewUser(*store, flags.db, request).status());
  ASSIGN_OR_RETURN(request.password, ReadPassword(flags.login));
  access::PasswordHasher hasher;
  ASSIGN_OR_RETURN(
      const storage::StoredUser user,
      service::AddUser(*store, flags.db, request, hasher, service::CommandLineActor(Now())));
  std::cout << fmt::format(
      "Added user {} '{}' ({}, {} of {}). They must choose their own password at their first "
      "login.\n",
      user.user.id, user.user.login_name, user.user.display_name, access::RoleName(user.user.role),
      user.user.commission_id);
  return OkStatus();
}

Status RunList(const UsersFlags& flags) {
  ASSIGN_OR_RETURN(auto store, service::OpenAccountsStore(flags.db));
  ASSIGN_OR_RETURN(const std::vector<storage::StoredUser> users, service::ListUsers(*store));
  PrintUsers(users);
  return OkStatus();
}

Status RunDisable(const UsersFlags& flags) {
  ASSIGN_OR_RETURN(auto store, service::OpenAccountsStore(flags.db));
  ASSIGN_OR_RETURN(const storage::StoredUser user,
                   service::DisableUser(*store, flags.login, service::CommandLineActor(Now())));
  std::cout << fmt::format(
      "User {} '{}' is disabled: they cannot log in, and their open sessions have ended.\n",
      user.user.id, user.user.login_name);
  return OkStatus();
}

Status RunResetPassword(const UsersFlags& flags) {
  ASSIGN_OR_RETURN(auto store, service::OpenAccountsStore(flags.db));
  ASSIGN_OR_RETURN(const std::string password, ReadPassword(flags.login));
  access::PasswordHasher hasher;
  ASSIGN_OR_RETURN(const storage::StoredUser user,
                   service::ResetPassword(*store, flags.login, password, hasher,
                                          service::CommandLineActor(Now())));
  std::cout << fmt::format(
      "User {} '{}' has a new first password; they must choose their own at their next "
      "login.\n",
      user.user.id, user.user.login_name);
  return OkStatus();
}

}  // namespace

void AddUsersCommand(CLI::App& app, Action& run) {
  CLI::App* users = app.add_subcommand(
      "users", "The commission server's accounts: add, list, disable, reset a password.");
  users->require_subcommand(1);
  users->footer(
      "Examples:\n"
      "  esep users add --db results.db --login admin --name \"Asel Nurlanovna\" \\\n"
      "      --role administrator --commission TEC-abai\n"
      "  esep users list --db results.db\n"
      "  esep users disable --db results.db --login aigerim.k\n"
      "  printf '%s\\n' \"$NEW_PASSWORD\" | esep users reset-password --db results.db --login "
      "aigerim.k\n"
      "\n"
      "Roles: administrator, chair, coordinator, typist, observer (docs/roles.md). Each user\n"
      "belongs to one commission of the store's election and acts on it and the commissions\n"
      "below it. Every change is an audit event of the store's chain (user \"cli\", address\n"
      "\"local\"), which `esep verify` checks. Accounts: docs/accounts.md.");
  auto flags = std::make_shared<UsersFlags>();
  const auto add_db = [&](CLI::App* command) {
    command->add_option("--db", flags->db, "the store (it must hold an election already)")
        ->required();
  };
  const std::string password_note =
      "The first password is asked for twice, with echo off, at a terminal; otherwise it is\n"
      "the first line of standard input. At least 12 characters, not the login name. The user\n"
      "must choose their own password at their first login; only its Argon2id hash is kept.";

  CLI::App* add = users->add_subcommand("add", "Add a user, with a first password.");
  add_db(add);
  add->add_option("--login", flags->login, "login name: 3-64 of a-z 0-9 . _ - (lowercased)")
      ->required();
  add->add_option("--name", flags->name, "the display name, e.g. \"Aigerim Kassymova\"")
      ->required();
  add->add_option("--role", flags->role, "administrator, chair, coordinator, typist or observer")
      ->required();
  add->add_option("--commission", flags->commission,
                  "the id of the user's commission in the store's election")
      ->required();
  add->footer(
      "Examples:\n"
      "  esep users add --db results.db --login admin --name \"Asel Nurlanovna\" \\\n"
      "      --role administrator --commission CEC\n"
      "  printf '%s\\n' 'a long first password' | esep users add --db results.db \\\n"
      "      --login aigerim.k --name \"Aigerim Kassymova\" --role typist --commission TEC-abai\n"
      "\n" +
      password_note);
  add->callback([flags, &run] { run = [flags] { return RunAdd(*flags); }; });

  CLI::App* list = users->add_subcommand("list", "List the users (never their password hashes).");
  add_db(list);
  list->footer("Example:\n  esep users list --db results.db");
  list->callback([flags, &run] { run = [flags] { return RunList(*flags); }; });

  CLI::App* disable = users->add_subcommand(
      "disable", "Disable a user: they cannot log in, and their sessions end. Nothing is deleted.");
  add_db(disable);
  disable->add_option("--login", flags->login, "the user's login name")->required();
  disable->footer("Example:\n  esep users disable --db results.db --login aigerim.k");
  disable->callback([flags, &run] { run = [flags] { return RunDisable(*flags); }; });

  CLI::App* reset = users->add_subcommand(
      "reset-password", "Give a user a new first password, which they must change.");
  add_db(reset);
  reset->add_option("--login", flags->login, "the user's login name")->required();
  reset->footer("Example:\n  esep users reset-password --db results.db --login aigerim.k\n\n" +
                password_note);
  reset->callback([flags, &run] { run = [flags] { return RunResetPassword(*flags); }; });
}

}  // namespace esep::cli
