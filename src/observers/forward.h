// Forward declarations of the observers module's types.

#pragma once

namespace esep::observers {

enum class ObserverRecordKind;
enum class ObserverFindingKind;
struct ObserverRecord;
struct ObserverRecords;
struct ObserverFinding;
struct ObserverComparison;
struct ObserverComparisonOptions;
struct PvtOptions;
struct PvtResult;

}  // namespace esep::observers
