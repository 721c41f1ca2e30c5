#include "model/election_definition.h"

#include <type_traits>
#include <utility>

#include <gtest/gtest.h>

namespace esep::model {
namespace {

ElectionDefinition Definition() {
  ElectionDefinitionParts definition;
  definition.parties = {{.id = "qhp", .name = "People's Party of Kazakhstan", .short_name = "QHP"}};
  definition.regions = {
      {.id = "karaganda", .name = "Karaganda Region", .aliases = {"Qarağandy Region"}},
      {.id = "almaty", .name = "Almaty", .kind = RegionKind::kCity}};
  return ElectionDefinition(std::move(definition));
}

TEST(ElectionDefinitionTest, FindsRegionsByNameIdOrAliasInAnyCase) {
  const ElectionDefinition definition = Definition();
  for (const char* name :
       {"Karaganda Region", "karaganda", "QARAğANDY REGION", "Qarağandy  Region"}) {
    SCOPED_TRACE(name);
    ASSERT_NE(definition.FindRegion(name), nullptr);
    EXPECT_EQ(definition.FindRegion(name)->id, "karaganda");
  }
  EXPECT_EQ(definition.FindRegion("Almaty Region"), nullptr);
  EXPECT_EQ(definition.RegionIndex("almaty"), 1u);
  EXPECT_FALSE(definition.RegionIndex("Almaty City").has_value());
}

TEST(ElectionDefinitionTest, FindsPartiesByShortNameNameOrId) {
  const ElectionDefinition definition = Definition();
  EXPECT_EQ(definition.FindParty("qhp"), 0u);
  EXPECT_EQ(definition.FindParty("People's Party of Kazakhstan"), 0u);
  EXPECT_FALSE(definition.FindParty("Independent").has_value());
}

// Immutable after loading: a non-const definition still hands out only const views, so no
// front door can change a party, a region or the rule set in place.
template <typename T>
constexpr bool kIsConstView = std::is_const_v<std::remove_reference_t<T>>;
static_assert(kIsConstView<decltype(std::declval<ElectionDefinition&>().parties())>);
static_assert(kIsConstView<decltype(std::declval<ElectionDefinition&>().regions())>);
static_assert(kIsConstView<decltype(std::declval<ElectionDefinition&>().districts())>);
static_assert(kIsConstView<decltype(std::declval<ElectionDefinition&>().commissions())>);
static_assert(kIsConstView<decltype(std::declval<ElectionDefinition&>().rule_set())>);
static_assert(kIsConstView<decltype(std::declval<ElectionDefinition&>().parts())>);

TEST(ElectionDefinitionTest, AChangedCopyLeavesTheOriginalAsItWas) {
  const ElectionDefinition original = Definition();
  ElectionDefinitionParts parts = original.parts();
  parts.rule_set = "kz-majilis-2012";
  parts.parties.clear();
  const ElectionDefinition changed(std::move(parts));
  EXPECT_EQ(changed.rule_set(), "kz-majilis-2012");
  EXPECT_TRUE(changed.parties().empty());
  EXPECT_EQ(original.rule_set(), "");
  ASSERT_EQ(original.parties().size(), 1u);
  EXPECT_EQ(original.parties()[0].short_name, "QHP");
}

}  // namespace
}  // namespace esep::model
