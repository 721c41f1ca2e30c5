#include "model/election_definition.h"

#include <gtest/gtest.h>

namespace esep::model {
namespace {

ElectionDefinition Definition() {
  ElectionDefinition definition;
  definition.parties = {{.id = "qhp", .name = "People's Party of Kazakhstan", .short_name = "QHP"}};
  definition.regions = {
      {.id = "karaganda", .name = "Karaganda Region", .aliases = {"Qarağandy Region"}},
      {.id = "almaty", .name = "Almaty", .kind = RegionKind::kCity}};
  return definition;
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

}  // namespace
}  // namespace esep::model
