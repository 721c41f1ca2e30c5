// Fuzz target for the party-list votes CSV (io/list_votes_csv.h), the input of `esep seats`.

#include <cstddef>
#include <cstdint>

#include "fuzz_input.h"
#include "io/list_votes_csv.h"
#include "law/list_allocation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto text = esep::fuzz::AsText(data, size);
  (void)esep::io::ParseListVotesCsv(text, "votes.csv");
  (void)esep::io::IsIsoDate(text);
  return 0;
}
