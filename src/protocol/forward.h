// Forward declarations of the protocol module's types.

#pragma once

namespace esep::protocol {

struct ContestRef;
struct Protocol;
struct ControlRatio;
struct Finding;
struct ValidationReport;
struct Decision;
struct Submission;

}  // namespace esep::protocol
