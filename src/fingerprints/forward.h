// Forward declarations of the fingerprints module's types.

#pragma once

namespace esep::fingerprints {

enum class DigitKind;
enum class LeaderBase;
enum class RiskKind;
struct CountShare;
struct DigitTest;
struct DigitTests;
struct DigitTestsOptions;
struct IntegerPercentages;
struct IntegerPercentagesOptions;
struct KlimekFingerprint;
struct KlimekOptions;
struct KlimekFit;
struct RiskIndicator;
struct HighPrecinct;
struct RiskIndicatorOptions;
struct TurnoutShape;
struct TurnoutShapeOptions;
struct SuiteSection;
struct PrecinctTest;
struct PrecinctSuite;
struct PrecinctSuiteOptions;

}  // namespace esep::fingerprints
