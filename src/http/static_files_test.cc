#include "http/static_files.h"

#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

namespace esep::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("esep-static-" + std::to_string(::getpid()));
    fs::remove_all(base_);
    fs::create_directories(base_ / "app" / "assets");
    Write(base_ / "app" / "index.html", "<!doctype html>app");
    Write(base_ / "app" / "assets" / "index-AbC_12xy.js", "console.log(1)");
    Write(base_ / "app" / "robots.txt", "User-agent: *");
    Write(base_ / "secret.txt", "SECRET");
    fs::create_symlink(base_ / "secret.txt", base_ / "app" / "leak.txt");
    fs::create_directory_symlink(base_, base_ / "app" / "up");
    Result<StaticFiles> files = StaticFiles::Open(base_ / "app");
    ASSERT_TRUE(files.has_value());
    files_.emplace(std::move(*files));
  }
  void TearDown() override { fs::remove_all(base_); }
  static void Write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }
  Response Get(const std::string& path, const std::string& if_none_match = "") {
    Request request;
    request.method = "GET";
    request.path = path;
    if (!if_none_match.empty()) {
      request.headers.set(boost::beast::http::field::if_none_match, if_none_match);
    }
    return files_->Serve(request);
  }

  fs::path base_;
  std::optional<StaticFiles> files_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCaching) {
  Response index = Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body_text(), "<!doctype html>app");
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(index.headers[boost::beast::http::field::cache_control], "no-cache");
  Response asset = Get("/assets/index-AbC_12xy.js");
  EXPECT_EQ(asset.status, 200);
  EXPECT_EQ(asset.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(asset.headers[boost::beast::http::field::cache_control],
            "public, max-age=31536000, immutable");
  EXPECT_EQ(Get("/robots.txt").headers[boost::beast::http::field::cache_control], "no-cache");
}

TEST_F(StaticFilesTest, EtagGives304) {
  Response first = Get("/robots.txt");
  const std::string etag(first.headers[boost::beast::http::field::etag]);
  ASSERT_EQ(etag.size(), 34u);
  Response again = Get("/robots.txt", etag);
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body_text(), "");
  EXPECT_EQ(Get("/robots.txt", "\"other\", W/" + etag).status, 304);
  EXPECT_EQ(Get("/robots.txt", "\"other\"").status, 200);
}

TEST_F(StaticFilesTest, SinglePageFallback) {
  Response app = Get("/protocols/P-1:list");
  EXPECT_EQ(app.status, 400);  // ':' is refused in static paths
  Response route = Get("/dashboard/commissions");
  EXPECT_EQ(route.status, 200);
  EXPECT_EQ(route.body_text(), "<!doctype html>app");
  EXPECT_EQ(Get("/missing.js").status, 404);
  EXPECT_EQ(Get("/api/v1/unknown").status, 404);
}

// A published site under /public/: versions immutable, current.json and the page revalidated,
// no single-page fallback, nothing outside the mount, nothing outside the root.
TEST_F(StaticFilesTest, APublishedSiteUnderItsMount) {
  fs::create_directories(base_ / "site" / "v" / "12" / "regions");
  Write(base_ / "site" / "current.json", R"({"version": 12})");
  Write(base_ / "site" / "index.html", "<!doctype html>portal");
  Write(base_ / "site" / "v" / "12" / "regions" / "abai.json", "{}");
  Result<StaticFiles> site =
      StaticFiles::Open(base_ / "site", StaticKind::kSnapshotSite, "/public/");
  ASSERT_TRUE(site.has_value());
  const auto get = [&](const std::string& path) {
    Request request;
    request.method = "GET";
    request.path = path;
    return site->Serve(request);
  };
  const auto cache = [](const Response& response) {
    return std::string(response.headers[boost::beast::http::field::cache_control]);
  };
  EXPECT_TRUE(site->Serves("/public/v/12/regions/abai.json"));
  EXPECT_TRUE(site->Serves("/public"));
  EXPECT_FALSE(site->Serves("/publications"));
  EXPECT_FALSE(site->Serves("/api/v1/auth/me"));
  const Response region = get("/public/v/12/regions/abai.json");
  EXPECT_EQ(region.status, 200);
  EXPECT_EQ(region.content_type, "application/json");
  EXPECT_EQ(cache(region), "public, max-age=31536000, immutable");
  EXPECT_EQ(cache(get("/public/current.json")), "no-cache");
  EXPECT_EQ(get("/public/").body_text(), "<!doctype html>portal");
  EXPECT_EQ(cache(get("/public/")), "no-cache");
  EXPECT_EQ(get("/public/region/abai").status, 404);  // no fallback: the portal routes in "#"
  EXPECT_EQ(get("/public/v/12/%2e%2e/%2e%2e/current.json").status, 400);
  EXPECT_EQ(get("/public/..%2f..%2fsecret.txt").status, 400);
  EXPECT_TRUE(IsPublishedVersionFile("v/12/regions/abai.json"));
  EXPECT_FALSE(IsPublishedVersionFile("v/12/"));
  EXPECT_FALSE(IsPublishedVersionFile("v/x1/national.json"));
  EXPECT_FALSE(IsPublishedVersionFile("current.json"));
  EXPECT_FALSE(StaticFiles::Open(base_ / "site", StaticKind::kSnapshotSite, "public").has_value());
}

TEST_F(StaticFilesTest, EveryTraversalAttemptFails) {
  const char* attempts[] = {"/../secret.txt",
                            "/..",
                            "/assets/../../secret.txt",
                            "/%2e%2e/secret.txt",
                            "/%2E%2E/secret.txt",
                            "/.%2e/secret.txt",
                            "/%2e./secret.txt",
                            "/..%2fsecret.txt",
                            "/..%2Fsecret.txt",
                            "/..\\secret.txt",
                            "/..%5csecret.txt",
                            "/%5c..%5csecret.txt",
                            "/assets/%00.js",
                            "/index.html%00.js",
                            "//etc/passwd",
                            "/./index.html",
                            "/C:/secret.txt",
                            "/%2fetc%2fpasswd",
                            "/leak.txt",
                            "/up/secret.txt",
                            "relative",
                            "",
                            "/%",
                            "/%zz",
                            "/assets/"};
  for (const char* attempt : attempts) {
    SCOPED_TRACE(attempt);
    Response response = Get(attempt);
    EXPECT_TRUE(response.status == 400 || response.status == 404) << response.status;
    EXPECT_EQ(response.body_text().find("SECRET"), std::string::npos);
  }
}

TEST(StaticPathTest, Normalises) {
  EXPECT_EQ(*NormalizeStaticPath("/"), "");
  EXPECT_EQ(*NormalizeStaticPath("/assets/a%20b.css"), "assets/a b.css");
  EXPECT_FALSE(NormalizeStaticPath("/a/../b").has_value());
  EXPECT_FALSE(NormalizeStaticPath("/a//b").has_value());
  EXPECT_FALSE(NormalizeStaticPath("/a/").has_value());
}

TEST(StaticPathTest, ContentTypesAndFingerprints) {
  EXPECT_EQ(ContentTypeFor("a.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("a"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("a.exe"), "application/octet-stream");
  EXPECT_TRUE(IsFingerprintedAsset("assets/index-4f3a9c1b.js"));
  EXPECT_TRUE(IsFingerprintedAsset("assets/vendor-lib-Ab_c1234.css"));
  EXPECT_FALSE(IsFingerprintedAsset("assets/index-4f3a.js"));
  EXPECT_FALSE(IsFingerprintedAsset("assets/index.js"));
  EXPECT_FALSE(IsFingerprintedAsset("index-4f3a9c1b.js"));
  EXPECT_FALSE(IsFingerprintedAsset("assets/x/index-4f3a9c1b.js"));
  EXPECT_FALSE(IsFingerprintedAsset("assets/index-4f3a9c1b"));
}

}  // namespace
}  // namespace esep::http
