#include "data_entry/form_json.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "data_entry/data_entry_test_util.h"

namespace esep::data_entry {
namespace {

// The pinned JSON of a form. To accept a deliberate change of the format, run the test with
// ESEP_UPDATE_GOLDEN=1 and review the diff of testdata/ (and docs/formats/entry-form.md).
void ExpectGolden(const std::string& actual, const std::string& name) {
  const std::string path = std::string(ESEP_SOURCE_DIR) + "/src/data_entry/testdata/" + name;
  if (std::getenv("ESEP_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
  }
  std::ifstream file(path, std::ios::binary);
  ASSERT_TRUE(file) << "missing " << path;
  std::stringstream expected;
  expected << file.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "the form JSON changed; see " << path;
}

TEST(FormJsonTest, PartyListFormIsPinned) {
  ExpectGolden(FormJson(testing::ListForm()).dump(2) + "\n", "entry_form_list.json");
}

TEST(FormJsonTest, DistrictFormIsPinned) {
  Result<FormDefinition> form = MakeFormDefinition(
      "TEC-7", {protocol::ContestRef::Kind::kDistrict, 7}, {"Candidate One", "Кандидат Екі"},
      *protocol::ControlRatios("kz-majilis-2023"));
  ASSERT_TRUE(form.has_value());
  const nlohmann::ordered_json json = FormJson(*form);
  EXPECT_EQ(json["protocol"], "TEC-7:d7");
  EXPECT_EQ(json["contest"].dump(), R"({"kind":"district","district":7})");
  EXPECT_EQ(json["lines"][13].dump(),
            R"({"number":14,"key":"choice.2","label":"Кандидат Екі","required":true})");
  EXPECT_EQ(json["lines"][14].dump(),
            R"({"number":15,"key":"against_all","label":"votes against all","required":true})");
  EXPECT_EQ(json["lines"][15]["number"], nullptr);
}

}  // namespace
}  // namespace esep::data_entry
