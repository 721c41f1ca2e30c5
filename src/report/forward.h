// Forward declarations of the report module's types.

#pragma once

namespace esep::report {

struct Column;
class TextTable;

}  // namespace esep::report
