// The in-process pipeline on the project's own samples: a born-digital
// invoice is read from its text layer (no OCR stage), a receipt photo goes
// through OCR, and both report where their time went; the sample invoices'
// line items come back whole.
#include "cli/local_pipeline.h"

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

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

// A contract form full of placeholders: the model's "contract" is revised
// to "other" (template) once no parties are found, and no fields are kept.
TEST(LocalPipeline, TemplateIsRevisedToOther) {
  LocalPipeline p(TestConfig());
  auto r = p.Extract(Sample("template-nda-en.pdf"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ((*r)["class"], "other") << r->dump();
  EXPECT_EQ((*r)["subtype"], "template");
  EXPECT_GT((*r)["class_scores"]["contract"].get<double>(), 0.5);  // what the model said
  EXPECT_TRUE((*r)["fields"].empty());
}

// The line items samples/make_samples.py prints on its invoices, read back
// whole: description, quantity, unit price and amount of every row.
TEST(LocalPipeline, SampleInvoicesGiveTheirLineItems) {
  struct Row {
    const char* description;
    const char* quantity;
    const char* unit_price;
    const char* amount;
  };
  const std::vector<std::pair<std::string, std::vector<Row>>> cases = {
      {"invoice-fr.pdf",
       {{"Étude et conception d'éclairage – salle de réception", "1", "450.00", "450.00"},
        {"Suspension laiton LX-12 (fourniture)", "3", "142.60", "427.80"},
        {"Pose et raccordement (heures)", "2", "75.50", "151.00"}}},
      {"invoice-en.pdf",
       {{"Website maintenance – March 2025", "1", "1200.00", "1200.00"},
        {"Cloud hosting – Pro plan (monthly)", "1", "348.97", "348.97"},
        {"Technical support (hours)", "6.5", "75.80", "492.70"}}},
      {"invoice-scan.pdf",  // OCR
       {{"Cartes de visite 350 g (lot de 500)", "2", "89.00", "178.00"},
        {"Flyers A5 recto-verso (2000 ex.)", "1", "312.00", "312.00"},
        {"Brochures 8 pages A4 (100 ex.)", "1", "230.00", "230.00"}}},
  };
  LocalPipeline p(TestConfig());
  for (const auto& [file, rows] : cases) {
    auto r = p.Extract(Sample(file));
    ASSERT_TRUE(r) << file << ": " << r.error().message;
    const auto& items = (*r)["fields"]["line_items"];
    ASSERT_TRUE(items.is_object()) << file << ": " << (*r)["fields"].dump();
    EXPECT_DOUBLE_EQ(items["confidence"].get<double>(), 0.8) << file << ": every row checks qty x price";
    const auto& v = items["value"];
    ASSERT_EQ(v.size(), rows.size()) << file << ": " << v.dump();
    for (size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(v[i].value("description", ""), rows[i].description) << file << " row " << i;
      EXPECT_EQ(v[i].value("quantity", ""), rows[i].quantity) << file << " row " << i;
      EXPECT_EQ(v[i].value("unit_price", ""), rows[i].unit_price) << file << " row " << i;
      EXPECT_EQ(v[i].value("amount", ""), rows[i].amount) << file << " row " << i;
    }
  }
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

// A clean US till receipt at 203 dpi, all capitals, prices far right with
// no currency mark: the preprocessor turns it a quarter, unsure (columns of
// figures project like vertical lines and capitals have no ascenders to
// tell up from down); the OCR engine turns it back, and the column of prices
// Tesseract's automatic layout drops is read again; the subtotal and the
// sales tax are checked against the total.
TEST(LocalPipeline, UsTillReceiptGivesItsTotals) {
  LocalPipeline p(TestConfig());
  auto r = p.Extract(Sample("receipt-en.png"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ((*r)["class"], "invoice");
  const auto& f = (*r)["fields"];
  SCOPED_TRACE(f.dump());
  auto v = [&](const char* name) { return f.value(name, nlohmann::json::object()).value("value", ""); };
  EXPECT_EQ(v("total_gross"), "29.19");
  EXPECT_EQ(v("total_net"), "27.47");
  EXPECT_EQ(v("total_tax"), "1.72");
  EXPECT_EQ(v("issue_date"), "2024-03-14");
  EXPECT_EQ(v("supplier_name"), "CORNER HARDWARE");
}

TEST(LocalPipeline, MissingFileIsAnErrorValue) {
  LocalPipeline p(TestConfig());
  auto r = p.Extract(Sample("no-such-file.pdf"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("cannot read"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace docflow::cli
