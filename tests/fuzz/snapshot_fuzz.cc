// Fuzz target for the readers of a published snapshot that `esep verify --snapshot` runs on
// files anyone can hand it: the manifest (publish/manifest.h) and a protocols file's entries
// (publish/published_protocol.h). The first byte chooses the reader; what reads must read back
// the same after writing.

#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_input.h"
#include "publish/manifest.h"
#include "publish/published_protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::string text(esep::fuzz::AsText(data + 1, size - 1));
  if (data[0] % 2 == 0) {
    esep::Result<esep::publish::Manifest> manifest =
        esep::publish::Manifest::FromJson(text, "fuzz/manifest.json");
    if (manifest.has_value()) {
      (void)manifest->SignatureValid();
      esep::Result<esep::publish::Manifest> again =
          esep::publish::Manifest::FromJson(manifest->ToJson(), "again");
      if (!again.has_value() || again->SignedMessage() != manifest->SignedMessage()) {
        __builtin_trap();
      }
    }
    return 0;
  }
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return 0;
  }
  esep::Result<esep::publish::PublishedProtocol> published =
      esep::publish::ParsePublishedProtocol(json, "fuzz/precincts.json");
  if (published.has_value()) {
    const nlohmann::ordered_json written = esep::publish::PublishedProtocolJson(*published);
    esep::Result<esep::publish::PublishedProtocol> again =
        esep::publish::ParsePublishedProtocol(nlohmann::json::parse(written.dump()), "again");
    if (!again.has_value() || esep::publish::PublishedProtocolJson(*again) != written) {
      __builtin_trap();
    }
  }
  return 0;
}
