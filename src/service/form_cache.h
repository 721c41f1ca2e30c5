// FormCache: the protocol forms (data_entry::FormDefinition) that double-entry commands are
// checked against, built once per protocol and shared, instead of built for every command
// (building one was a tenth of the server's processor time per command, most of it the
// allocator's: docs/benchmarks.md, issue 12). A form depends only on its protocol id and the
// election definition, which does not change while a server runs, so a kept form is never stale.
//
// Thread-safe: Get from any number of threads. At most `capacity` forms are kept; beyond it one
// is dropped (any one: a dropped form is only built again).

#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/result.h"
#include "data_entry/form_definition.h"

namespace esep::service {

class FormCache {
 public:
  // REQUIRES: capacity >= 1.
  explicit FormCache(size_t capacity = 4096);

  // The form of `protocol_id`: the kept one, or what `make` builds (kept when it succeeds; an
  // error is returned and not kept).
  Result<std::shared_ptr<const data_entry::FormDefinition>> Get(
      std::string_view protocol_id,
      const std::function<Result<data_entry::FormDefinition>()>& make);

  // How many forms are kept.
  size_t size();

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const data_entry::FormDefinition>>
      forms_;  // guarded by mutex_
};

}  // namespace esep::service
