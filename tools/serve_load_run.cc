#include "serve_load_run.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "data_entry/form_definition.h"
#include "data_entry/form_values.h"
#include "io/protocol_csv.h"
#include "service/entries.h"
#include "service/stored_election.h"

namespace esep::tools {

namespace {

void PrintRow(const std::string& kind, std::vector<int64_t>& values) {
  if (values.empty()) {
    return;
  }
  std::sort(values.begin(), values.end());
  const auto at = [&](double q) {
    return static_cast<double>(
               values[static_cast<size_t>(q * static_cast<double>(values.size() - 1))]) /
           1000.0;
  };
  fmt::print("{:<10} {:>9} {:>9.2f} {:>9.2f} {:>9.2f}\n", kind, values.size(), at(0.5), at(0.99),
             static_cast<double>(values.back()) / 1000.0);
}

}  // namespace

void Latencies::Add(const std::string& kind, Clock::duration took) {
  by_kind_[kind].push_back(std::chrono::duration_cast<std::chrono::microseconds>(took).count());
}

void Latencies::Print() {
  std::vector<int64_t> all;
  fmt::print("{:<10} {:>9} {:>9} {:>9} {:>9}\n", "request", "count", "p50 ms", "p99 ms", "max ms");
  for (auto& [kind, values] : by_kind_) {
    PrintRow(kind, values);
    all.insert(all.end(), values.begin(), values.end());
  }
  PrintRow("all", all);
}

bool LoadJobs(LoadRun& run) {
  auto store = service::OpenExistingStore(run.options.store);
  if (!store.has_value()) {
    fmt::print(stderr, "{}\n", store.error().message());
    return false;
  }
  auto desk = service::LoadEntryDesk(**store, run.options.store);
  if (!desk.has_value()) {
    fmt::print(stderr, "{}\n", desk.error().message());
    return false;
  }
  std::ifstream file(run.options.protocols, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  std::vector<protocol::Protocol> protocols;
  const Status read =
      io::ReadProtocolCsv(text.str(), run.options.protocols, [&](io::ProtocolRow&& row) {
        if (row.protocol.has_value()) {
          protocols.push_back(std::move(*row.protocol));
        }
      });
  if (!read.ok()) {
    fmt::print(stderr, "{}\n", read.message());
    return false;
  }
  if (run.options.limit > 0 && std::ssize(protocols) > run.options.limit) {
    protocols.resize(static_cast<size_t>(run.options.limit));
  }
  run.jobs = std::vector<Job>(protocols.size());
  for (size_t i = 0; i < protocols.size(); ++i) {
    const protocol::Protocol& protocol = protocols[i];
    Job& job = run.jobs[i];
    job.protocol_id = data_entry::ProtocolId(protocol.commission_id, protocol.contest);
    job.commission_id = protocol.commission_id;
    auto form = service::FormOf(*desk, job.protocol_id);
    if (!form.has_value()) {
      fmt::print(stderr, "{}: {}\n", job.protocol_id, form.error().message());
      return false;
    }
    auto values = data_entry::FromProtocol(*form, protocol);
    if (!values.has_value()) {
      fmt::print(stderr, "{}: {}\n", job.protocol_id, values.error().message());
      return false;
    }
    nlohmann::json values_json = nlohmann::json::object();
    for (const data_entry::FormLine& line : form->lines) {
      const std::optional<int64_t> value = data_entry::ValueOf(*values, line.key);
      values_json[line.key] = value.has_value() ? nlohmann::json(*value) : nlohmann::json(nullptr);
    }
    job.values = values_json.dump();
    for (const protocol::ControlRatio& ratio : form->ratios) {
      if (ratio.severity == protocol::Severity::kWarning) {
        job.warnings.emplace_back(ratio.id);
      }
    }
  }
  return true;
}

std::optional<double> ProcessorSeconds(int64_t pid) {
  std::ifstream stat(pid == 0 ? std::string("/proc/self/stat") : fmt::format("/proc/{}/stat", pid));
  std::string text;
  if (!std::getline(stat, text)) {
    return std::nullopt;
  }
  // Fields after the command name (which may hold spaces, so read from its closing parenthesis):
  // state is field 3; utime and stime are fields 14 and 15.
  const size_t close = text.rfind(')');
  if (close == std::string::npos) {
    return std::nullopt;
  }
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int number = 3; number <= 15 && fields >> field; ++number) {
    if (number >= 14) {
      ticks += std::strtod(field.c_str(), nullptr);
    }
  }
  const long per_second = sysconf(_SC_CLK_TCK);
  return per_second > 0 ? std::optional<double>(ticks / static_cast<double>(per_second))
                        : std::nullopt;
}

double Seconds(Clock::duration took) { return std::chrono::duration<double>(took).count(); }

}  // namespace esep::tools
