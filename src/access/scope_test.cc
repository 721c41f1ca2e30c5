#include "access/scope.h"

#include <vector>

#include <gtest/gtest.h>

namespace esep::access {
namespace {

using model::Commission;
using model::CommissionLevel;

// CEC
//  ├─ R1 ─┬─ T1 ─┬─ P1
//  │      │      └─ P2
//  │      └─ T2 ── P3
//  └─ R2 ── T3
std::vector<Commission> Tree() {
  return {
      {.id = "CEC", .level = CommissionLevel::kCentral},
      {.id = "R1", .level = CommissionLevel::kRegional, .parent_id = "CEC"},
      {.id = "R2", .level = CommissionLevel::kRegional, .parent_id = "CEC"},
      {.id = "T1", .level = CommissionLevel::kTerritorial, .parent_id = "R1"},
      {.id = "T2", .level = CommissionLevel::kTerritorial, .parent_id = "R1"},
      {.id = "T3", .level = CommissionLevel::kTerritorial, .parent_id = "R2"},
      {.id = "P1", .parent_id = "T1"},
      {.id = "P2", .parent_id = "T1"},
      {.id = "P3", .parent_id = "T2"},
  };
}

Scope Of(const CommissionScopes& scopes, std::string_view user, std::string_view target) {
  Result<Scope> scope = scopes.ScopeOf(user, target);
  EXPECT_TRUE(scope.has_value()) << scope.error().ToString();
  return scope.has_value() ? *scope : Scope::kOther;
}

TEST(ScopeTest, OwnBelowAndOther) {
  const std::vector<Commission> tree = Tree();
  const CommissionScopes scopes(tree);
  EXPECT_EQ(Of(scopes, "T1", "T1"), Scope::kOwn);
  EXPECT_EQ(Of(scopes, "T1", "P1"), Scope::kBelow);
  EXPECT_EQ(Of(scopes, "R1", "P3"), Scope::kBelow);
  EXPECT_EQ(Of(scopes, "CEC", "P3"), Scope::kBelow);
  EXPECT_EQ(Of(scopes, "T1", "T2"), Scope::kOther);   // sibling
  EXPECT_EQ(Of(scopes, "T1", "P3"), Scope::kOther);   // a sibling's precinct
  EXPECT_EQ(Of(scopes, "T1", "R1"), Scope::kOther);   // parent
  EXPECT_EQ(Of(scopes, "T1", "CEC"), Scope::kOther);  // root
  EXPECT_EQ(Of(scopes, "P1", "P2"), Scope::kOther);
  EXPECT_EQ(Of(scopes, "R2", "P1"), Scope::kOther);  // another branch
}

TEST(ScopeTest, UnknownCommissionIsNotFound) {
  const std::vector<Commission> tree = Tree();
  const CommissionScopes scopes(tree);
  const Result<Scope> unknown_target = scopes.ScopeOf("T1", "P9");
  ASSERT_FALSE(unknown_target.has_value());
  EXPECT_EQ(unknown_target.error().code(), StatusCode::kNotFound);
  EXPECT_EQ(unknown_target.error().message(), "no commission 'P9' in the election");
  EXPECT_EQ(scopes.ScopeOf("X", "T1").error().code(), StatusCode::kNotFound);
}

TEST(ScopeTest, ACycleOfParentsIsDataLoss) {
  const std::vector<Commission> tree = {
      {.id = "A", .parent_id = "B"}, {.id = "B", .parent_id = "A"}, {.id = "X"}};
  const CommissionScopes scopes(tree);
  const Result<Scope> scope = scopes.ScopeOf("X", "A");
  ASSERT_FALSE(scope.has_value());
  EXPECT_EQ(scope.error().code(), StatusCode::kDataLoss);
}

TEST(ScopeTest, Names) {
  EXPECT_EQ(ScopeName(Scope::kOwn), "own");
  EXPECT_EQ(ScopeName(Scope::kBelow), "below");
  EXPECT_EQ(ScopeName(Scope::kOther), "other");
}

}  // namespace
}  // namespace esep::access
