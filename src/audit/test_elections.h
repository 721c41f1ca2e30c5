// Test support: audits of real producer output for the audit and audit-report tests — the
// bundled 2023 published tables, and a small synthetic election generated from them with
// irregularities and observers. Test-only; not part of the audit library.

#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "audit/run_audit.h"
#include "io/election_data.h"
#include "synth/generator.h"
#include "synth/irregularities.h"

namespace esep::audit::testing {

inline std::string Kz2023Directory() {
  return std::string(ESEP_SOURCE_DIR) + "/data/elections/kz-majilis-2023";
}

// Generates (once per name) a synthetic election shaped like 2023 into the test's temporary
// directory: `precincts` precincts from `seed`, with the irregularities of `inject` (e.g.
// "round=0.02,turnout=0.05"; empty for none) and observers at 3 % of the precincts. The
// directory is the process's own: CTest runs the tests of one binary in parallel processes,
// which must not remove each other's files while they are written.
inline std::string GenerateElection(const std::string& name, int64_t precincts, uint64_t seed,
                                    const std::string& inject) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / (name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const Result<model::ElectionData> like = io::LoadElectionDirectory(Kz2023Directory());
  EXPECT_TRUE(like.has_value()) << like.error().message();
  synth::GeneratorOptions options{.precincts = precincts, .seed = seed};
  if (!inject.empty()) {
    const Result<synth::InjectOptions> parsed = synth::ParseInjectSpec(inject);
    EXPECT_TRUE(parsed.has_value()) << parsed.error().message();
    options.inject = *parsed;
  }
  options.observers_parts_per_billion = 30'000'000;  // 3 %
  const Result<synth::GeneratorSummary> summary =
      synth::GenerateElection(*like, options, dir.string());
  EXPECT_TRUE(summary.has_value()) << summary.error().message();
  return dir.string();
}

// RunAudit's document, failing the test on an error.
inline AuditDocument Audit(const AuditRequest& request) {
  Result<AuditDocument> document = RunAudit(request);
  EXPECT_TRUE(document.has_value()) << document.error().message();
  return document.has_value() ? std::move(*document) : AuditDocument{};
}

}  // namespace esep::audit::testing
