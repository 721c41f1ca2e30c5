#include "service/keys.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/csv.h"

namespace esep::service {

namespace {

// Creates `path` with `mode` and writes `text`; fails if it exists (O_EXCL), so that a key
// is never overwritten, and removes a file it could not finish.
Status WriteNewFile(const std::string& path, const std::string& text, mode_t mode) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    const int error = errno;
    if (error == EEXIST) {
      return AlreadyExistsError(fmt::format(
          "{}: already exists; a key is never replaced (move it away first if you mean to)", path));
    }
    return UnavailableError(fmt::format("{}: cannot create: {}", path, std::strerror(error)));
  }
  const bool written =
      write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && fsync(fd) == 0;
  const int error = errno;
  close(fd);
  if (!written) {
    std::filesystem::remove(path);
    return UnavailableError(fmt::format("{}: cannot write: {}", path, std::strerror(error)));
  }
  return OkStatus();
}

}  // namespace

Result<GeneratedKeys> GenerateKeyFiles(const std::string& path) {
  GeneratedKeys keys{path, path + ".pub", ""};
  std::error_code error;
  if (std::filesystem::exists(keys.public_path, error)) {
    return AlreadyExistsError(fmt::format(
        "{}: already exists; a key is never replaced (move it away first if you mean to)",
        keys.public_path));
  }
  ASSIGN_OR_RETURN(const SigningKey key, SigningKey::Generate());
  RETURN_IF_ERROR(WriteNewFile(path, key.SecretFileText(), 0600));
  if (Status written = WriteNewFile(keys.public_path, key.PublicFileText(), 0644); !written.ok()) {
    std::filesystem::remove(path);
    return written;
  }
  keys.public_key = key.public_key_hex();
  return keys;
}

Result<SigningKey> LoadSigningKey(const std::string& path) {
  struct stat status {};
  if (stat(path.c_str(), &status) != 0) {
    return NotFoundError(
        fmt::format("{}: no such secret key file ({})", path, std::strerror(errno)));
  }
  if (!S_ISREG(status.st_mode)) {
    return InvalidArgumentError(fmt::format("{}: not a file", path));
  }
  if ((status.st_mode & 077) != 0) {
    return FailedPreconditionError(fmt::format(
        "{}: the secret key can be read by others (mode {:o}); whoever reads it can sign in the "
        "commission's name. Run: chmod 600 {}",
        path, status.st_mode & 0777, path));
  }
  ASSIGN_OR_RETURN(const std::string text, io::ReadTextFile(path));
  return SigningKey::FromFileText(text, path);
}

Result<std::string> LoadPublicKey(const std::string& path_or_hex) {
  std::error_code error;
  if (std::filesystem::is_regular_file(path_or_hex, error)) {
    ASSIGN_OR_RETURN(const std::string text, io::ReadTextFile(path_or_hex));
    return ParsePublicKey(text, path_or_hex);
  }
  return ParsePublicKey(path_or_hex, "--public-key");
}

}  // namespace esep::service
