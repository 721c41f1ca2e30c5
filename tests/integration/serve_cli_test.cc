// `esep serve` end to end: a store made by `esep generate` and `esep import`, a first
// administrator added with `esep users add`, the server started on a free port, a login and a
// request over HTTP, then SIGTERM: the server stops, says the store is closed, exits 0, and
// `esep verify` passes over the login it recorded.

#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "integration/command_runner.h"

extern char** environ;

namespace esep {
namespace {

namespace bhttp = boost::beast::http;
using testing::CommandOutput;
using ::testing::HasSubstr;
using testing::ReadFile;
using testing::RunEsep;
using testing::WriteTempFile;

bhttp::response<bhttp::string_body> Send(int port, bhttp::verb method, const std::string& target,
                                         const std::string& body, const std::string& cookie) {
  boost::asio::io_context io;
  boost::beast::tcp_stream stream(io);
  stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"),
                                                static_cast<uint16_t>(port)));
  bhttp::request<bhttp::string_body> request{method, target, 11};
  request.set(bhttp::field::host, "127.0.0.1");
  request.set(bhttp::field::origin, "http://127.0.0.1:" + std::to_string(port));
  if (!body.empty()) {
    request.set(bhttp::field::content_type, "application/json");
  }
  if (!cookie.empty()) {
    request.set(bhttp::field::cookie, cookie);
  }
  request.body() = body;
  request.prepare_payload();
  bhttp::write(stream, request);
  boost::beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> response;
  bhttp::read(stream, buffer, response);
  return response;
}

struct Spawned {
  pid_t pid = 0;
  int port = 0;         // 0 when the server did not say where it listens
  std::string printed;  // its output so far
};

// `esep serve ARGUMENTS`, its output in BASE/serve.out and serve.err, once it says where it
// listens.
Spawned SpawnServe(const std::string& base, std::vector<std::string> arguments) {
  const std::string out = base + "/serve.out";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, (base + "/serve.err").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::string binary = ESEP_BINARY;
  arguments.insert(arguments.begin(), {binary, "serve"});
  std::vector<char*> argv;
  argv.reserve(arguments.size() + 1);
  for (std::string& argument : arguments) {
    argv.push_back(argument.data());
  }
  argv.push_back(nullptr);
  Spawned spawned;
  if (posix_spawn(&spawned.pid, binary.c_str(), &actions, nullptr, argv.data(), environ) != 0) {
    return spawned;
  }
  posix_spawn_file_actions_destroy(&actions);
  // The line that names the port is printed once the server listens.
  const std::regex listening(R"(on http://127\.0\.0\.1:(\d+)/)");
  std::smatch match;
  for (int tries = 0; tries < 600; ++tries) {
    spawned.printed = ReadFile(out);
    if (std::regex_search(spawned.printed, match, listening)) {
      spawned.port = std::stoi(match[1]);
      return spawned;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  spawned.printed += ReadFile(base + "/serve.err");
  return spawned;
}

TEST(ServeCliTest, ServesLogsInAndStopsOnSigterm) {
  const std::string base = ::testing::TempDir() + "esep-serve-cli-" + std::to_string(::getpid());
  std::filesystem::remove_all(base);
  std::filesystem::create_directories(base);
  const std::string store = base + "/results.db";
  ASSERT_EQ(RunEsep("generate --precincts 20 --seed 5 --out '" + base + "/election'").exit_code, 0);
  ASSERT_EQ(RunEsep("import --db '" + store + "' '" + base + "/election'").exit_code, 0);
  const std::string password = WriteTempFile("serve-password", "a long first password\n");
  const CommandOutput added = RunEsep("users add --db '" + store +
                                      "' --login admin --name Admin --role administrator "
                                      "--commission CEC < '" +
                                      password + "'");
  ASSERT_EQ(added.exit_code, 0) << added.err;

  const Spawned server = SpawnServe(base, {"--db", store, "--listen", "127.0.0.1:0"});
  ASSERT_GT(server.port, 0) << server.printed;
  const pid_t pid = server.pid;
  const int port = server.port;

  const auto login = Send(port, bhttp::verb::post, "/api/v1/auth/login",
                          R"({"login_name": "admin", "password": "a long first password"})", "");
  EXPECT_EQ(login.result_int(), 200U) << login.body();
  const std::string set_cookie(login[bhttp::field::set_cookie]);
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  const auto me = Send(port, bhttp::verb::get, "/api/v1/auth/me", "", cookie);
  EXPECT_EQ(me.result_int(), 200U);
  EXPECT_THAT(me.body(), HasSubstr(R"("must_change_password":true)"));
  EXPECT_EQ(Send(port, bhttp::verb::get, "/api/v1/auth/me", "", "").result_int(), 401U);

  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_THAT(ReadFile(base + "/serve.out"),
              HasSubstr("esep serve: stopped; the store is closed.\n"));

  const CommandOutput verified = RunEsep("verify --db '" + store + "'");
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  std::filesystem::remove_all(base);
}

// The portal live from the store: a site published at start and on a cadence, served under
// /public/ with the caching a CDN needs; a round with a change in the store (a login is an audit
// event of the chain) publishes a new version, and every version verifies.
TEST(ServeCliTest, ServesThePublicSitePublishedOnACadence) {
  const std::string base = ::testing::TempDir() + "esep-serve-site-" + std::to_string(::getpid());
  std::filesystem::remove_all(base);
  std::filesystem::create_directories(base);
  const std::string store = base + "/results.db";
  ASSERT_EQ(RunEsep("generate --precincts 20 --seed 6 --out '" + base + "/election'").exit_code, 0);
  ASSERT_EQ(RunEsep("import --db '" + store + "' '" + base + "/election'").exit_code, 0);
  const std::string password = WriteTempFile("serve-site-password", "a long first password\n");
  ASSERT_EQ(RunEsep("users add --db '" + store +
                    "' --login admin --name Admin --role administrator --commission CEC < '" +
                    password + "'")
                .exit_code,
            0);
  const std::string site = base + "/site";
  const Spawned server = SpawnServe(
      base, {"--db", store, "--listen", "127.0.0.1:0", "--site", site, "--publish-every", "1"});
  ASSERT_GT(server.port, 0) << server.printed;
  EXPECT_THAT(server.printed, HasSubstr("published version 1 into " + site));

  const auto current = Send(server.port, bhttp::verb::get, "/public/current.json", "", "");
  EXPECT_EQ(current.result_int(), 200U);
  EXPECT_EQ(current[bhttp::field::cache_control], "no-cache");
  EXPECT_THAT(current.body(), HasSubstr(R"("path": "v/1/")"));
  const auto national = Send(server.port, bhttp::verb::get, "/public/v/1/national.json", "", "");
  EXPECT_EQ(national.result_int(), 200U);
  EXPECT_EQ(national[bhttp::field::cache_control], "public, max-age=31536000, immutable");
  EXPECT_EQ(national.body(), ReadFile(site + "/v/1/national.json"));
  EXPECT_EQ(Send(server.port, bhttp::verb::get, "/public/v/1/none.json", "", "").result_int(),
            404U);
  EXPECT_EQ(Send(server.port, bhttp::verb::get, "/public/v/1/%2e%2e/%2e%2e/results.db", "", "")
                .result_int(),
            400U);

  // A change in the store: the next round publishes version 2.
  const auto login = Send(server.port, bhttp::verb::post, "/api/v1/auth/login",
                          R"({"login_name": "admin", "password": "a long first password"})", "");
  EXPECT_EQ(login.result_int(), 200U) << login.body();
  bool second = false;
  for (int tries = 0; tries < 100 && !second; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    second = std::filesystem::exists(site + "/v/2/manifest.json");
  }
  EXPECT_TRUE(second) << ReadFile(base + "/serve.out") << ReadFile(base + "/serve.err");

  ASSERT_EQ(kill(server.pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(server.pid, &status, 0), server.pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  for (const char* version : {"/v/1", "/v/2"}) {
    const CommandOutput verified = RunEsep("verify --snapshot '" + site + version + "'");
    EXPECT_EQ(verified.exit_code, 0) << version << verified.out << verified.err;
  }
  std::filesystem::remove_all(base);
}

TEST(ServeCliTest, RefusesWhatItCannotServe) {
  const CommandOutput missing = RunEsep("serve --db /nonexistent/results.db --listen 127.0.0.1:0");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("no such store"));
  const CommandOutput listen = RunEsep("serve --db /nonexistent/results.db --listen localhost");
  EXPECT_EQ(listen.exit_code, 2);
  EXPECT_THAT(listen.err, HasSubstr("--listen 'localhost': give ADDRESS:PORT"));
  const CommandOutput tls =
      RunEsep("serve --db /nonexistent/results.db --listen 127.0.0.1:0 --tls-cert c.pem");
  EXPECT_EQ(tls.exit_code, 2);
  EXPECT_THAT(tls.err, HasSubstr("--tls-cert and --tls-key go together"));
}

}  // namespace
}  // namespace esep
