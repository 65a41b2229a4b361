// The in-process pipeline on the project's own samples: a born-digital
// invoice is read from its text layer (no OCR stage), a receipt photo goes
// through OCR, and both report where their time went.
#include "cli/local_pipeline.h"

#include <cstdlib>

#include <gtest/gtest.h>

namespace docflow::cli {
namespace {

std::string Sample(const std::string& name) {
  const char* dir = std::getenv("DOCFLOW_SOURCE_DIR");
  return std::string(dir ? dir : ".") + "/samples/" + name;
}

Config TestConfig() {
  auto c = Config::Load();
  EXPECT_TRUE(c) << c.error().message;
  return *c;
}

TEST(LocalPipeline, BornDigitalInvoiceSkipsOcrAndReportsStageTimes) {
  LocalPipeline p(TestConfig());
  auto r = p.Extract(Sample("invoice-fr.pdf"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ((*r)["class"], "invoice");
  EXPECT_EQ((*r)["fields"]["total_gross"]["value"], "1234.56");
  const auto& st = (*r)["stage_ms"];
  for (const char* stage : {"preprocess", "classify", "extract"}) {
    ASSERT_TRUE(st.contains(stage)) << st.dump();
    EXPECT_GE(st[stage].get<double>(), 0.0);
  }
  EXPECT_FALSE(st.contains("ocr")) << st.dump();
}

TEST(LocalPipeline, ReceiptPhotoIsOcrdAndOcrIsItsLargestStage) {
  LocalPipeline p(TestConfig());
  auto r = p.Extract(Sample("receipt-fr.png"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ((*r)["class"], "invoice");
  EXPECT_EQ((*r)["fields"]["total_gross"]["value"], "23.40");
  const auto& st = (*r)["stage_ms"];
  ASSERT_TRUE(st.contains("ocr")) << st.dump();
  EXPECT_GT(st["ocr"].get<double>(), st["classify"].get<double>());
  EXPECT_GT(st["ocr"].get<double>(), st["extract"].get<double>());
}

TEST(LocalPipeline, MissingFileIsAnErrorValue) {
  LocalPipeline p(TestConfig());
  auto r = p.Extract(Sample("no-such-file.pdf"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("cannot read"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace docflow::cli
