#include "precincts/delimiter_detection.h"

#include <fmt/format.h>

#include "io/csv.h"
#include "precincts/mapped_header.h"

namespace esep::precincts {

namespace {

// How well the header read with one delimiter fits the mapping.
struct Fit {
  bool readable = false;  // the first record could be read at all
  size_t found = 0;       // entries that resolve
  size_t fields = 0;      // header fields

  bool BetterThan(const Fit& other) const {
    if (readable != other.readable) {
      return readable;
    }
    return found != other.found ? found > other.found : fields > other.fields;
  }
};

Fit FitOf(std::string_view csv_text, std::string_view csv_source,
          std::span<const std::string> entries, char delimiter) {
  io::CsvCursor cursor(csv_text, csv_source, delimiter);
  io::CsvRecordView record;
  const Result<bool> read = cursor.Next(record);
  if (!read.has_value() || !*read) {
    return {};
  }
  const MappedHeader header = MakeMappedHeader(record.fields, record.line, csv_source);
  return {
      .readable = true, .found = CountResolvable(entries, header), .fields = header.names.size()};
}

}  // namespace

std::string DelimiterName(char delimiter) {
  return delimiter == '\t' ? "a tab" : fmt::format("'{}'", delimiter);
}

char DetectDelimiter(std::string_view csv_text, std::string_view csv_source,
                     std::span<const std::string> entries) {
  char best = kDelimiterCandidates[0];
  Fit best_fit = FitOf(csv_text, csv_source, entries, best);
  for (char candidate : kDelimiterCandidates) {
    const Fit fit = FitOf(csv_text, csv_source, entries, candidate);
    if (fit.BetterThan(best_fit)) {
      best = candidate;
      best_fit = fit;
    }
  }
  return best;
}

std::string DelimiterHint(std::string_view csv_text, std::string_view csv_source,
                          std::span<const std::string> entries, char used,
                          std::string_view mapping_source) {
  const Fit used_fit = FitOf(csv_text, csv_source, entries, used);
  for (char candidate : kDelimiterCandidates) {
    if (candidate == used) {
      continue;
    }
    const Fit fit = FitOf(csv_text, csv_source, entries, candidate);
    if (!fit.readable || fit.found <= used_fit.found) {
      continue;
    }
    const std::string holds =
        fit.found == entries.size()
            ? "every mapped column"
            : fmt::format("{} of the {} mapped columns", fit.found, entries.size());
    const std::string json_delimiter = candidate == '\t' ? "\\t" : std::string(1, candidate);
    return fmt::format(
        " (the file seems to be separated by {}, not {}: its header read with {} holds {}; "
        "set \"delimiter\": \"{}\" in {}, or leave the key out and the delimiter is detected)",
        DelimiterName(candidate), DelimiterName(used), DelimiterName(candidate), holds,
        json_delimiter, mapping_source);
  }
  return "";
}

}  // namespace esep::precincts
