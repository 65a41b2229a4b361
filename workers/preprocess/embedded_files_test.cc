#include "workers/preprocess/embedded_files.h"

#include <gtest/gtest.h>

#include "workers/preprocess/preprocess.h"
#include "workers/preprocess/test_pdf_embedded.h"

namespace docflow {
namespace {

using test_pdf::Attachment;

const std::string kPage = test_pdf::TextContent({"INVOICE F-2024-001", "Total due 120.00 EUR",
                                                 "Thank you for your business."});

Result<PreprocessOutput> PreprocessWith(const std::vector<Attachment>& files) {
  PreprocessOptions o;
  o.enhance = false;
  return Preprocess(test_pdf::MakePdfWithAttachments({kPage}, files), o);
}

TEST(EmbeddedFiles, FacturXXmlIsPassedOnWithThePages) {
  const std::string xml = "<?xml version=\"1.0\"?><rsm:CrossIndustryInvoice xmlns:rsm=\"x\"/>";
  auto out = PreprocessWith({{"factur-x.xml", "text#2Fxml", xml}});
  ASSERT_TRUE(out) << out.error().message;
  ASSERT_EQ(out->pages.size(), 1u);
  EXPECT_EQ(out->pages[0].source, "text-layer");
  ASSERT_EQ(out->embedded.size(), 1u);
  EXPECT_EQ(out->embedded[0].name, "factur-x.xml");
  EXPECT_EQ(out->embedded[0].mime, "text/xml");
  EXPECT_EQ(out->embedded[0].xml, xml);
}

TEST(EmbeddedFiles, KnownInvoiceNamesComeFirstAndOtherAttachmentsAreDropped) {
  auto out = PreprocessWith({{"notes.xml", "", "<notes/>"},
                  {"photo.png", "image#2Fpng", "\x89PNG\r\n"},
                  {"readme.txt", "text#2Fplain", "<not xml by name or type>"},
                  {"ZUGFeRD-invoice.xml", "", "\xEF\xBB\xBF  <Invoice/>"}});
  ASSERT_TRUE(out) << out.error().message;
  ASSERT_EQ(out->embedded.size(), 2u);
  EXPECT_EQ(out->embedded[0].name, "ZUGFeRD-invoice.xml");
  EXPECT_EQ(out->embedded[1].name, "notes.xml");
}

TEST(EmbeddedFiles, NotXmlContentOversizedAndPathNamesAreHandled) {
  Attachment big{"big.xml", "", "<a>" + std::string(kMaxEmbeddedBytes, 'x') + "</a>"};
  Attachment lying{"small.xml", "", "<a/>", static_cast<int>(kMaxEmbeddedBytes) + 1};  // declared too large
  auto out = PreprocessWith({{"binary.xml", "", "PK\x03\x04 zip bytes"}, big, lying,
                  {"../../etc/passwd.xml", "", "<x/>"}});
  ASSERT_TRUE(out) << out.error().message;
  ASSERT_EQ(out->embedded.size(), 1u);
  EXPECT_EQ(out->embedded[0].name, "passwd.xml");  // base name only
}

TEST(EmbeddedFiles, PdfWithoutAttachmentsHasNone) {
  auto out = PreprocessWith({});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_TRUE(out->embedded.empty());
  EXPECT_EQ(out->pages.size(), 1u);
}

TEST(EmbeddedFiles, XmlAttachmentByNameOrType) {
  EXPECT_TRUE(IsXmlAttachment("factur-x.xml", ""));
  EXPECT_TRUE(IsXmlAttachment("XRECHNUNG.XML", ""));
  EXPECT_TRUE(IsXmlAttachment("invoice", "application/xml"));
  EXPECT_TRUE(IsXmlAttachment("invoice", "application/vnd.x+xml"));
  EXPECT_FALSE(IsXmlAttachment("invoice.pdf", "application/pdf"));
  EXPECT_FALSE(IsXmlAttachment("xml", ""));
}

}  // namespace
}  // namespace docflow
