// Forward declarations of the precincts module's types.

#pragma once

namespace esep::precincts {

enum class RowErrors;
struct PrecinctTable;
struct PrecinctRow;
struct ColumnMapping;
class ProtocolPrecinctCollector;

}  // namespace esep::precincts
