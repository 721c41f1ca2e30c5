// StaticFiles: the built web application, or a published snapshot site with the portal, served
// from one directory, and nothing outside it.
// A request path is decoded and normalised by NormalizeStaticPath (no "..", no "." segment, no
// backslash, no NUL or control byte, no empty segment, no drive or absolute path), and the
// file found is resolved with its symbolic links and must still lie under the root. Fingerprinted
// assets (Vite's `assets/NAME-HASH.EXT`) are cached for a year as immutable; index.html is
// revalidated on every load (no-cache) so a new build is picked up. A path without a file
// extension outside /api/ that names no file gets index.html (the single-page app's routes).
//
// Immutable after construction; Serve is thread-safe (files are read on each request).

#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "http/internal/file_cache.h"
#include "http/request.h"
#include "http/response.h"

namespace esep::http {

// The file a request path names, relative to the root ("assets/app-1a2b3c4d.js"), or "" for
// "/". kInvalidArgument for a malformed escape or a traversal attempt; the path is the raw one,
// before decoding, without the query.
Result<std::string> NormalizeStaticPath(std::string_view raw_path);

// The Content-Type for a file name by its extension ("application/octet-stream" when unknown).
std::string_view ContentTypeFor(std::string_view file_name);

// Whether `relative` is a fingerprinted asset: "assets/" then a name ending "-HASH.EXT" with
// HASH eight or more characters of [A-Za-z0-9_].
bool IsFingerprintedAsset(std::string_view relative);

// Whether `relative` lies in a published version of a snapshot site: "v/" then digits, '/', more.
bool IsPublishedVersionFile(std::string_view relative);

// What a directory holds, which decides what is cached and what a missing file gets.
enum class StaticKind {
  // The built web application: a path without an extension that names no file gets
  // index.html (its routes); index.html is revalidated, fingerprinted assets are immutable.
  kWebApplication,
  // A site written by `esep publish` (docs/formats/snapshot.md), the portal's files beside it:
  // every file of v/N/ is immutable, current.json and the page are revalidated, a missing file
  // is 404 (the portal routes in the URL's fragment).
  kSnapshotSite,
};

class StaticFiles {
 public:
  // Files of `root` served for request paths under `mount` ("/", or "/public/" for a site beside
  // the application). kNotFound when `root` is not a directory (it is resolved, symbolic links
  // and all, once here); kInvalidArgument for a mount that does not begin and end with '/'.
  static Result<StaticFiles> Open(const std::filesystem::path& root,
                                  StaticKind kind = StaticKind::kWebApplication,
                                  std::string mount = "/");

  // True when `path` (a request path) is under the mount ("/public" included for "/public/").
  bool Serves(std::string_view path) const;

  // 200 with the file, 304 when If-None-Match holds its ETag, 404 (JSON error) when there is
  // no such file, 400 for a traversal attempt. REQUIRES: request.method is GET or HEAD and
  // Serves(request.path).
  Response Serve(const Request& request) const;

  // The same answer, when the file is in memory and still the one read: nothing blocks, so the
  // I/O thread answers it. nullopt otherwise (Serve reads it, on the worker pool, and keeps it).
  std::optional<Response> ServeFromMemory(const Request& request) const;

 private:
  StaticFiles(std::filesystem::path root, StaticKind kind, std::string mount)
      : root_(std::move(root)), kind_(kind), mount_(std::move(mount)) {}
  std::string_view CacheControl(std::string_view relative) const;
  std::string_view BelowMount(std::string_view path) const;
  Response Answer(const Request& request, const std::string& name,
                  const std::shared_ptr<const internal::CachedFile>& file) const;

  std::filesystem::path root_;
  StaticKind kind_ = StaticKind::kWebApplication;
  std::string mount_;
  std::shared_ptr<internal::FileCache> cache_ = std::make_shared<internal::FileCache>();
};

}  // namespace esep::http
