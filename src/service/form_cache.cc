#include "service/form_cache.h"

#include <utility>

namespace esep::service {

FormCache::FormCache(size_t capacity) : capacity_(capacity) {}

Result<std::shared_ptr<const data_entry::FormDefinition>> FormCache::Get(
    std::string_view protocol_id, const std::function<Result<data_entry::FormDefinition>()>& make) {
  const std::string id(protocol_id);
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (const auto found = forms_.find(id); found != forms_.end()) {
      return found->second;
    }
  }
  // Built outside the lock: two threads may build the same form at once, and one is kept.
  Result<data_entry::FormDefinition> made = make();
  if (!made.has_value()) {
    return made.error();
  }
  auto form = std::make_shared<const data_entry::FormDefinition>(*std::move(made));
  const std::lock_guard<std::mutex> lock(mutex_);
  if (forms_.size() >= capacity_ && forms_.find(id) == forms_.end()) {
    forms_.erase(forms_.begin());
  }
  return forms_.try_emplace(id, std::move(form)).first->second;
}

size_t FormCache::size() {
  const std::lock_guard<std::mutex> lock(mutex_);
  return forms_.size();
}

}  // namespace esep::service
