// Forward declarations of the io module's types.

#pragma once

namespace esep::io {

struct CsvRecord;
struct CsvTable;

}  // namespace esep::io
