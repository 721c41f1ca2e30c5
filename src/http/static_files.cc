#include "http/static_files.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>

#include <fmt/format.h>

#include "base/sha256.h"
#include "base/text.h"
#include "http/uri_path.h"

namespace esep::http {

namespace {

namespace fs = std::filesystem;

struct TypeRow {
  std::string_view extension;
  std::string_view type;
};

constexpr TypeRow kContentTypes[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".wasm", "application/wasm"},
    {".pdf", "application/pdf"},
    {".csv", "text/csv; charset=utf-8"},
    {".jsonl", "application/jsonl"},
};

std::string_view Extension(std::string_view file_name) {
  const size_t slash = file_name.rfind('/');
  const std::string_view base =
      slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  const size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot == 0) {
    return {};
  }
  return base.substr(dot);
}

bool IsInside(const fs::path& root, const fs::path& file) {
  auto root_it = root.begin();
  auto file_it = file.begin();
  for (; root_it != root.end(); ++root_it, ++file_it) {
    if (file_it == file.end() || *root_it != *file_it) {
      return false;
    }
  }
  return true;
}

Response NotFound() { return Response::Error(NotFoundError("no such file")); }

}  // namespace

Result<std::string> NormalizeStaticPath(std::string_view raw_path) {
  if (raw_path.empty() || raw_path.front() != '/') {
    return InvalidArgumentError("the path does not start with '/'");
  }
  ASSIGN_OR_RETURN(std::string decoded, PercentDecode(raw_path));
  // Checked after decoding, so "%2e%2e" and "%5c" are caught like ".." and "\".
  if (decoded.find('\\') != std::string::npos) {
    return InvalidArgumentError("the path holds a backslash");
  }
  if (decoded.find(':') != std::string::npos) {
    return InvalidArgumentError("the path holds a ':'");
  }
  std::string relative = decoded.substr(1);
  if (relative.empty()) {
    return relative;
  }
  size_t start = 0;
  while (true) {
    const size_t slash = relative.find('/', start);
    const std::string_view segment = std::string_view(relative).substr(
        start, slash == std::string::npos ? std::string::npos : slash - start);
    if (segment.empty()) {
      return InvalidArgumentError("the path holds an empty segment ('//' or a trailing '/')");
    }
    if (segment == "." || segment == "..") {
      return InvalidArgumentError("the path holds a '.' or '..' segment");
    }
    if (slash == std::string::npos) {
      break;
    }
    start = slash + 1;
  }
  return relative;
}

std::string_view ContentTypeFor(std::string_view file_name) {
  const std::string_view extension = Extension(file_name);
  for (const TypeRow& row : kContentTypes) {
    if (row.extension.size() == extension.size()) {
      bool same = true;
      for (size_t i = 0; i < extension.size() && same; ++i) {
        const char c = extension[i];
        same = (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) == row.extension[i];
      }
      if (same) {
        return row.type;
      }
    }
  }
  return "application/octet-stream";
}

bool IsFingerprintedAsset(std::string_view relative) {
  constexpr std::string_view kAssets = "assets/";
  if (relative.substr(0, kAssets.size()) != kAssets) {
    return false;
  }
  std::string_view name = relative.substr(kAssets.size());
  if (name.find('/') != std::string_view::npos) {
    return false;
  }
  const std::string_view extension = Extension(name);
  if (extension.empty()) {
    return false;
  }
  const std::string_view stem = name.substr(0, name.size() - extension.size());
  const size_t dash = stem.rfind('-');
  if (dash == std::string_view::npos || dash == 0) {
    return false;
  }
  const std::string_view hash = stem.substr(dash + 1);
  if (hash.size() < 8) {
    return false;
  }
  for (char c : hash) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) {
      return false;
    }
  }
  return true;
}

Result<StaticFiles> StaticFiles::Open(const fs::path& root, StaticKind kind, std::string mount) {
  std::error_code error;
  fs::path canonical = fs::canonical(root, error);
  if (error || !fs::is_directory(canonical, error)) {
    return NotFoundError(fmt::format("'{}' is not a directory", root.string()));
  }
  if (mount.empty() || mount.front() != '/' || mount.back() != '/') {
    return InvalidArgumentError(fmt::format("mount '{}' must begin and end with '/'", mount));
  }
  return StaticFiles(std::move(canonical), kind, std::move(mount));
}

bool IsPublishedVersionFile(std::string_view relative) {
  constexpr std::string_view kVersions = "v/";
  if (relative.substr(0, kVersions.size()) != kVersions) {
    return false;
  }
  const std::string_view rest = relative.substr(kVersions.size());
  const size_t slash = rest.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash + 1 == rest.size()) {
    return false;
  }
  return std::all_of(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(slash),
                     [](char c) { return c >= '0' && c <= '9'; });
}

bool StaticFiles::Serves(std::string_view path) const {
  if (mount_ == "/") {
    return true;
  }
  const std::string_view bare = std::string_view(mount_).substr(0, mount_.size() - 1);
  return path == bare || path.substr(0, mount_.size()) == mount_;
}

std::string_view StaticFiles::CacheControl(std::string_view relative) const {
  constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
  if (IsFingerprintedAsset(relative)) {
    return kImmutable;
  }
  // A published version is complete before current.json names it and never changes after
  // (docs/formats/snapshot.md); current.json and the portal's page are revalidated each time.
  if (kind_ == StaticKind::kSnapshotSite && IsPublishedVersionFile(relative)) {
    return kImmutable;
  }
  return "no-cache";
}

std::string_view StaticFiles::BelowMount(std::string_view path) const {
  // With its leading '/': "/public/v/1/x.json" -> "/v/1/x.json".
  if (mount_ == "/") {
    return path;
  }
  return path.size() < mount_.size() ? std::string_view("/") : path.substr(mount_.size() - 1);
}

Response StaticFiles::Serve(const Request& request) const {
  Result<std::string> relative = NormalizeStaticPath(BelowMount(request.path));
  if (!relative.has_value()) {
    return Response::Error(relative.error(), "path");
  }
  std::string name = relative->empty() ? "index.html" : *relative;
  std::error_code error;
  fs::path file = fs::canonical(root_ / name, error);
  if (error || !fs::is_regular_file(file, error)) {
    // The single-page app's own routes ("/protocols/P-1:list") name no file: they get the app.
    // The portal routes in the fragment ("#/region/abai"), so a site has no such fallback.
    if (kind_ == StaticKind::kSnapshotSite || !Extension(name).empty() ||
        request.path.rfind("/api/", 0) == 0) {
      return NotFound();
    }
    name = "index.html";
    file = fs::canonical(root_ / name, error);
    if (error || !fs::is_regular_file(file, error)) {
      return NotFound();
    }
  }
  // A symbolic link that leads out of the root is no file of ours.
  if (!IsInside(root_, file)) {
    return NotFound();
  }
  const std::optional<internal::FileIdentity> identity = internal::IdentityOf(file);
  std::ifstream in(file, std::ios::binary);
  if (!identity.has_value() || !in) {
    return NotFound();
  }
  auto read = std::make_shared<internal::CachedFile>();
  read->body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) {
    return Response::Error(UnavailableError("the file cannot be read"));
  }
  read->etag = fmt::format("\"{}\"", Sha256Hex(read->body).substr(0, 32));
  read->identity = *identity;
  // Changed while it was read: answered, not kept.
  if (static_cast<size_t>(identity->size) == read->body.size() &&
      internal::IdentityOf(file) == identity) {
    cache_->Insert(name, read);
  }
  return Answer(request, name, read);
}

std::optional<Response> StaticFiles::ServeFromMemory(const Request& request) const {
  Result<std::string> relative = NormalizeStaticPath(BelowMount(request.path));
  if (!relative.has_value()) {
    return std::nullopt;
  }
  const std::string name = relative->empty() ? "index.html" : *relative;
  const std::shared_ptr<const internal::CachedFile> cached = cache_->Find(name);
  if (cached == nullptr) {
    return std::nullopt;
  }
  // A published version never changes; anything else must still be the file that was read (a
  // symbolic link swapped to lead elsewhere changes the identity, and the slow path checks it).
  const bool immutable = kind_ == StaticKind::kSnapshotSite && IsPublishedVersionFile(name);
  if (!immutable && internal::IdentityOf(root_ / name) != cached->identity) {
    return std::nullopt;
  }
  return Answer(request, name, cached);
}

Response StaticFiles::Answer(const Request& request, const std::string& name,
                             const std::shared_ptr<const internal::CachedFile>& shared) const {
  const internal::CachedFile& file = *shared;
  Response response;
  response.headers.set(boost::beast::http::field::etag, file.etag);
  response.headers.set(boost::beast::http::field::cache_control, CacheControl(name));
  const std::string_view if_none_match = request.header("If-None-Match");
  // A list of tags or "*" (RFC 9110 §13.1.2); weak tags compare by their opaque part.
  bool not_modified = Trim(if_none_match) == "*";
  if (!not_modified && !if_none_match.empty()) {
    std::string_view rest = if_none_match;
    while (!rest.empty() && !not_modified) {
      const size_t comma = rest.find(',');
      std::string_view tag = Trim(rest.substr(0, comma));
      if (tag.substr(0, 2) == "W/") {
        tag.remove_prefix(2);
      }
      not_modified = tag == file.etag;
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  if (not_modified) {
    response.status = 304;
    return response;
  }
  response.status = 200;
  response.content_type = std::string(ContentTypeFor(name));
  // The body stays the cache's: the aliasing pointer keeps the whole entry alive while it is
  // written.
  response.shared_body = std::shared_ptr<const std::string>(shared, &file.body);
  return response;
}

}  // namespace esep::http
