#include "report/text_table.h"

#include <gtest/gtest.h>

namespace esep::report {
namespace {

TEST(TextTableTest, AlignsColumnsByDisplayWidth) {
  TextTable table({{"Region"}, {"Votes", Align::kRight}});
  table.AddRow({"Qarağandy", "7"});  // 9 code points, 10 bytes
  table.AddRow({"Almaty", "1,234"});
  table.AddRule();
  table.AddRow({"Total", "1,241"});
  EXPECT_EQ(table.Render(0),
            "Region     Votes\n"
            "----------------\n"
            "Qarağandy      7\n"
            "Almaty     1,234\n"
            "----------------\n"
            "Total      1,241\n");
}

TEST(TextTableTest, IndentsEveryLine) {
  TextTable table({{"A"}});
  table.AddRow({"x"});
  EXPECT_EQ(table.Render(2), "  A\n  -\n  x\n");
}

TEST(TextTableTest, DisplayWidthCountsCodePoints) {
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("Mäjilis"), 7u);
  EXPECT_EQ(DisplayWidth("≈"), 1u);
}

}  // namespace
}  // namespace esep::report
