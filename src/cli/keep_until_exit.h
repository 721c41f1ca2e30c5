// KeepUntilExit: what a command has finished with, handed over instead of destroyed, for the
// process's exit to return at once. Destroying the two million protocols and the million
// commissions of a large import one by one took about 0.4 s of a 6.5 s import
// (docs/benchmarks.md); the command line's process ends right after the command, so nothing is
// gained by freeing them first. The memory stays reachable, so leak checkers stay quiet.
// Only for the command line (a server must free what it is done with). Not thread-safe.
//
// Example:
//   ASSIGN_OR_RETURN(service::ImportOutcome outcome, service::Import(request, callbacks, control));
//   ...print it...
//   KeepUntilExit(std::move(outcome));

#pragma once

#include <memory>
#include <utility>
#include <vector>

namespace esep::cli {

template <typename T>
void KeepUntilExit(T&& value) {
  // Never destroyed: a function-local pointer, not an object with a destructor at exit.
  static auto* const kept = new std::vector<std::shared_ptr<void>>();
  kept->push_back(std::make_shared<std::decay_t<T>>(std::forward<T>(value)));
}

}  // namespace esep::cli
