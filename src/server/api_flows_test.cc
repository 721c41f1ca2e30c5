// The commission server's API on loopback (internal/api_test_util.h): bodies checked field by
// field, accounts with versions, commissions and ratios as data, TLS cookies, double entry and
// scans, each as the routes answer them.

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

#include "access/permission_table.h"
#include "access/role.h"
#include "base/sha256.h"
#include "http/server.h"
#include "server/api_router.h"
#include "server/internal/api_test_util.h"
#include "server/route_rules.h"
#include "service/stored_election.h"
#include "storage/sqlite_store.h"

namespace esep::server {
namespace {

TEST_F(ApiTest, BodiesAreCheckedFieldByField) {
  const std::string cookie = LoginAs("administrator");
  const Reply unknown = Call(bhttp::verb::put, "/api/v1/auth/me",
                             R"({"display_name": "A", "role": "chair"})", cookie);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.json()["error"]["field"], "role");
  const Reply type = Call(bhttp::verb::put, "/api/v1/auth/me", R"({"display_name": 7})", cookie);
  EXPECT_EQ(type.status, 400);
  EXPECT_EQ(type.json()["error"]["field"], "display_name");
  const Reply missing = Call(bhttp::verb::post, "/api/v1/users",
                             R"({"login_name": "x-1", "display_name": "X", "role": "typist",
                                 "commission": "TEC-abai"})",
                             cookie);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json()["error"]["field"], "password");
}

TEST_F(ApiTest, AnAdministratorManagesAccountsWithVersions) {
  const std::string cookie = LoginAs("administrator");
  const Reply added =
      Call(bhttp::verb::post, "/api/v1/users",
           R"({"login_name": " New.Typist ", "display_name": "New", "role": "typist",
                               "commission": "TC-abai-1", "password": "a first password here"})",
           cookie);
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string id = added.json()["id"];
  EXPECT_EQ(added.json()["login_name"], "new.typist");
  EXPECT_EQ(added.json()["must_change_password"], true);
  EXPECT_EQ(added.header("ETag"), "\"1\"");
  EXPECT_EQ(Call(bhttp::verb::post, "/api/v1/users", added.body, cookie).status, 400);

  const Reply no_version =
      Call(bhttp::verb::put, "/api/v1/users/" + id, R"({"role": "coordinator"})", cookie);
  EXPECT_EQ(no_version.status, 422);
  const Reply changed = Call(bhttp::verb::put, "/api/v1/users/" + id, R"({"role": "coordinator"})",
                             cookie, {{"If-Match", "\"1\""}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["role"], "coordinator");
  EXPECT_EQ(changed.json()["version"], 2);
  const Reply stale = Call(bhttp::verb::put, "/api/v1/users/" + id, R"({"role": "typist"})", cookie,
                           {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412);
  const Reply moved = Call(bhttp::verb::put, "/api/v1/users/" + id,
                           R"({"commission": "TEC-akmola"})", cookie, {{"If-Match", "\"2\""}});
  EXPECT_EQ(moved.status, 403);

  const Reply listed = Call(bhttp::verb::get, "/api/v1/users?commission=TC-abai-1", "", cookie);
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.json()["users"].size(), 2U) << listed.body;  // target-below and the new one

  const Reply disabled = Call(bhttp::verb::delete_, "/api/v1/users/" + id, "", cookie);
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(disabled.json()["disabled"], true);
  EXPECT_EQ(Login("new.typist", "a first password here").status, 401);
}

TEST_F(ApiTest, CommissionsAndRatiosAreData) {
  const std::string cookie = LoginAs("observer");
  const Reply children =
      Call(bhttp::verb::get, "/api/v1/commissions/TEC-abai/children", "", cookie);
  ASSERT_EQ(children.status, 200) << children.body;
  ASSERT_EQ(children.json()["children"].size(), 1U);
  EXPECT_EQ(children.json()["children"][0]["id"], "TC-abai-1");
  EXPECT_EQ(children.json()["children"][0]["children"], 1);
  EXPECT_EQ(Call(bhttp::verb::get, "/api/v1/commissions/NOPE", "", cookie).status, 404);
  const Reply ratios = Call(bhttp::verb::get, "/api/v1/ratios", "", cookie);
  ASSERT_EQ(ratios.status, 200);
  EXPECT_EQ(ratios.json()["rule_set"], "kz-majilis-2023");
  EXPECT_EQ(ratios.json()["ratios"][0]["id"], "KZ-01");
}

class ApiTlsTest : public ApiTest {
 protected:
  ApiTlsTest() { tls_ = true; }
};

TEST_F(ApiTlsTest, TheSessionCookieIsSecureAndHostPrefixed) {
  const Reply login = Login("chair", kPassword);
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string set_cookie = login.header("Set-Cookie");
  EXPECT_EQ(set_cookie.rfind("__Host-esep_session=", 0), 0U) << set_cookie;
  EXPECT_NE(set_cookie.find("; Secure"), std::string::npos) << set_cookie;
  const std::string cookie = CookieOf(login);
  EXPECT_EQ(Call(bhttp::verb::get, "/api/v1/auth/me", "", cookie).status, 200);
  // The same token under the unprefixed name is no session under TLS.
  EXPECT_EQ(
      Call(bhttp::verb::get, "/api/v1/auth/me", "", "", {{"Cookie", "esep_session=" + cookie}})
          .status,
      401);
}

bool HasRoute(const std::vector<http::Route>& routes, std::string_view name) {
  return std::any_of(routes.begin(), routes.end(),
                     [&](const http::Route& route) { return route.name == name; });
}

TEST_F(ApiTest, ATypistTypesAnEntryThatOnlyTheyRead) {
  ASSERT_TRUE(HasRoute(routes_, "entries.claim"));
  const std::string typist = LoginAs("typist");
  const std::string other = LoginAs("second.typist");
  const std::string entry = "/api/v1/protocols/TC-abai-1:list/entries/1";

  const Reply form = Call(bhttp::verb::get, "/api/v1/protocols/TC-abai-1:list/form", "", typist);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_EQ(form.json()["protocol"], "TC-abai-1:list");
  EXPECT_EQ(form.json()["lines"][0]["key"], "voters_on_list");
  EXPECT_EQ(Call(bhttp::verb::get, "/api/v1/protocols/NOPE:list/form", "", typist).status, 404);

  const Reply claimed =
      Call(bhttp::verb::post, entry + "/claim", "", typist, {{"If-Match", "\"0\""}});
  ASSERT_EQ(claimed.status, 200) << claimed.body;
  EXPECT_EQ(claimed.json()["status"], "first_entry_in_progress");
  EXPECT_EQ(claimed.header("ETag"), "\"1\"");

  const Reply saved = Call(bhttp::verb::put, entry,
                           R"({"values": {"voters_on_list": 1234, "ballots_received": null}})",
                           typist, {{"If-Match", "\"1\""}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  const Reply stale = Call(bhttp::verb::put, entry, R"({"values": {"voters_on_list": 1}})", typist,
                           {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  const Reply negative = Call(bhttp::verb::put, entry, R"({"values": {"voters_on_list": -1}})",
                              typist, {{"If-Match", "\"2\""}});
  EXPECT_EQ(negative.status, 400);
  EXPECT_EQ(negative.json()["error"]["field"], "values.voters_on_list");
  const Reply unknown = Call(bhttp::verb::put, entry, R"({"values": {"no_such_line": 1}})", typist,
                             {{"If-Match", "\"2\""}});
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_EQ(unknown.json()["error"]["field"], "values.no_such_line");

  const Reply read = Call(bhttp::verb::get, entry, "", typist);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json()["values"]["voters_on_list"], 1234);
  EXPECT_TRUE(read.json()["values"]["ballots_received"].is_null());
  EXPECT_TRUE(read.json()["values"].contains("valid_ballots"));
  EXPECT_EQ(read.json()["state"], "in_progress");
  EXPECT_EQ(read.json()["version"], 2);

  // The other typist neither reads nor saves it.
  EXPECT_EQ(Call(bhttp::verb::get, entry, "", other).status, 403);
  EXPECT_NE(
      Call(bhttp::verb::put, entry, R"({"values": {}})", other, {{"If-Match", "\"2\""}}).status,
      200);

  const Reply listed =
      Call(bhttp::verb::get, "/api/v1/commissions/TC-abai-1/protocols", "", typist);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.json()["protocols"][0]["protocol"], "TC-abai-1:list");
  EXPECT_EQ(listed.json()["protocols"][0]["status"], "first_entry_in_progress");
  // The commission's level tells a summary protocol from a precinct's.
  EXPECT_EQ(listed.json()["protocols"][0]["level"], "territorial");
  EXPECT_EQ(listed.json()["protocols"].back()["level"], "precinct");
  const Reply progress = Call(bhttp::verb::get, "/api/v1/progress", "", typist);
  ASSERT_EQ(progress.status, 200) << progress.body;
  EXPECT_EQ(progress.json()["first_entry"], 1);

  const Reply discarded = Call(bhttp::verb::delete_, entry, "", typist, {{"If-Match", "\"2\""}});
  ASSERT_EQ(discarded.status, 200) << discarded.body;
  EXPECT_EQ(discarded.json()["status"], "empty");
}

TEST_F(ApiTest, ATypistAttachesAScanThatAnObserverReads) {
  const std::string typist = LoginAs("typist");
  const std::string observer = LoginAs("observer");
  const std::string scans = "/api/v1/protocols/TC-abai-1:list/scans";
  const Headers png = {{"Content-Type", "image/png"}};

  const Reply uploaded = Call(bhttp::verb::post, scans, kPngScan, typist, png);
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  const std::string sha256 = Sha256Hex(kPngScan);
  EXPECT_EQ(uploaded.json()["protocol"], "TC-abai-1:list");
  EXPECT_EQ(uploaded.json()["sha256"], sha256);
  EXPECT_EQ(uploaded.json()["media_type"], "image/png");
  EXPECT_EQ(uploaded.json()["bytes"], kPngScan.size());
  EXPECT_FALSE(uploaded.json()["uploaded_by"].get<std::string>().empty());
  EXPECT_EQ(uploaded.json()["uploaded_at"], "2026-12-07T08:00:00Z");
  EXPECT_EQ(uploaded.header("Location"), "/api/v1/scans/" + sha256);
  // Again: the same record, nothing new stored.
  const Reply again = Call(bhttp::verb::post, scans, kPngScan, typist,
                           {{"Content-Type", "Image/PNG; name=photo.png"}});
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["sha256"], sha256);

  const Reply read = Call(bhttp::verb::get, "/api/v1/scans/" + sha256, "", observer);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.body, kPngScan);
  EXPECT_EQ(read.header("Content-Type"), "image/png");
  EXPECT_EQ(read.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(read.header("Content-Disposition"), "");

  const std::string pdf = "%PDF-1.4 the protocol";
  ASSERT_EQ(
      Call(bhttp::verb::post, scans, pdf, typist, {{"Content-Type", "application/pdf"}}).status,
      201);
  const Reply read_pdf = Call(bhttp::verb::get, "/api/v1/scans/" + Sha256Hex(pdf), "", observer);
  ASSERT_EQ(read_pdf.status, 200);
  EXPECT_EQ(read_pdf.header("Content-Type"), "application/pdf");
  EXPECT_EQ(read_pdf.header("Content-Disposition"),
            "inline; filename=\"" + Sha256Hex(pdf) + ".pdf\"");

  const Reply listed = Call(bhttp::verb::get, scans, "", LoginAs("chair"));
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json()["scans"].size(), 3U);  // SetUp's, the PNG, the PDF
  EXPECT_EQ(listed.json()["scans"][1]["sha256"], sha256);
  EXPECT_EQ(listed.json()["scans"][2]["media_type"], "application/pdf");

  // The entry being typed shows its scans.
  ASSERT_EQ(Call(bhttp::verb::post, "/api/v1/protocols/TC-abai-1:list/entries/1/claim", "", typist,
                 {{"If-Match", "\"0\""}})
                .status,
            200);
  const Reply entry =
      Call(bhttp::verb::get, "/api/v1/protocols/TC-abai-1:list/entries/1", "", typist);
  ASSERT_EQ(entry.status, 200) << entry.body;
  EXPECT_EQ(entry.json()["scans"],
            nlohmann::json({Sha256Hex(PdfScanOf(kBelowCommission)), sha256, Sha256Hex(pdf)}));

  // Refusals: a PNG declared as a PDF, a type that is not a scan's, another commission's
  // protocol, an unknown protocol or hash, a cross-origin upload.
  const Reply lying =
      Call(bhttp::verb::post, scans, kPngScan, typist, {{"Content-Type", "application/pdf"}});
  EXPECT_EQ(lying.status, 400) << lying.body;
  EXPECT_EQ(lying.json()["error"]["code"], "invalid_argument");
  EXPECT_EQ(
      Call(bhttp::verb::post, scans, "GIF89a", typist, {{"Content-Type", "image/gif"}}).status,
      400);
  EXPECT_EQ(Call(bhttp::verb::post, scans, "", typist, png).status, 400);
  EXPECT_EQ(
      Call(bhttp::verb::post, "/api/v1/protocols/TEC-akmola:list/scans", kPngScan, typist, png)
          .status,
      403);
  EXPECT_EQ(
      Call(bhttp::verb::post, "/api/v1/protocols/NOPE:list/scans", kPngScan, typist, png).status,
      404);
  EXPECT_EQ(Call(bhttp::verb::get, "/api/v1/scans/" + Sha256Hex("nothing"), "", observer).status,
            404);
  EXPECT_EQ(Call(bhttp::verb::get, "/api/v1/scans/not-a-hash", "", observer).status, 404);
  EXPECT_EQ(Call(bhttp::verb::get, "/api/v1/scans/" + Sha256Hex(PdfScanOf(kOtherCommission)), "",
                 observer)
                .status,
            403);
  EXPECT_EQ(Call(bhttp::verb::post, scans, kPngScan, typist,
                 {{"Content-Type", "image/png"}, {"Origin", "http://evil.example"}})
                .status,
            403);
}

TEST_F(ApiTest, AScanOverTenMebibytesIsRefusedBeforeItIsRead) {
  const std::string typist = LoginAs("typist");
  // The headers alone, announcing one byte more than the limit: the server answers at once.
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
  const std::string head =
      "POST /api/v1/protocols/TC-abai-1:list/scans HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: image/png\r\nContent-Length: " +
      std::to_string(10 * 1024 * 1024 + 1) + "\r\nOrigin: " + origin_ +
      "\r\nCookie: " + CookieName() + "=" + typist + "\r\n\r\n";
  asio::write(stream, asio::buffer(head));
  bhttp::response_parser<bhttp::string_body> parser;
  beast::flat_buffer buffer;
  beast::error_code error;
  bhttp::read(stream, buffer, parser, error);
  ASSERT_FALSE(error) << error.message();
  EXPECT_EQ(parser.get().result_int(), 413U);
  EXPECT_NE(parser.get().body().find("resource_exhausted"), std::string::npos);
}

}  // namespace
}  // namespace esep::server
