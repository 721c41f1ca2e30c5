#include "server/shared_store.h"

namespace esep::server {

SharedStore::SharedStore(std::unique_ptr<storage::Store> store) : store_(std::move(store)) {}

std::unique_ptr<storage::Store> SharedStore::Release() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::move(store_);
}

}  // namespace esep::server
