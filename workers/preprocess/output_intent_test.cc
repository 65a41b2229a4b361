// WithoutOutputIntents: the catalog loses its /OutputIntents in an appended
// revision, everything else reads the same; files it must not touch are left
// alone. PDFs are built here (test_pdf.h, amended with qpdf).
#include "workers/preprocess/output_intent.h"

#include <gtest/gtest.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFWriter.hh>

#include <memory>
#include <string>

#include "workers/preprocess/test_pdf.h"

namespace docflow {
namespace {

enum class Form { kPlain, kObjectStreams, kEncrypted };

// A one-page PDF/A-like file: an output intent with an ICC-profile stream
// (its bytes are not a real profile: only the structure matters here) and
// an /Info title, written by qpdf in the form asked for.
std::string PdfWithOutputIntent(Form form) {
  const std::string base = test_pdf::MakePdf({"BT /F1 14 Tf 72 770 Td (Facture FA-2025-017 Total 240,00 EUR) Tj ET"});
  QPDF q;
  q.processMemoryFile("base", base.data(), base.size());
  QPDFObjectHandle profile = q.newStream(std::string(600, '\x11'));
  profile.getDict().replaceKey("/N", QPDFObjectHandle::newInteger(3));
  QPDFObjectHandle intent = QPDFObjectHandle::newDictionary();
  intent.replaceKey("/Type", QPDFObjectHandle::newName("/OutputIntent"));
  intent.replaceKey("/S", QPDFObjectHandle::newName("/GTS_PDFA1"));
  intent.replaceKey("/DestOutputProfile", profile);
  QPDFObjectHandle intents = QPDFObjectHandle::newArray();
  intents.appendItem(q.makeIndirectObject(intent));
  q.getRoot().replaceKey("/OutputIntents", intents);
  QPDFObjectHandle info = QPDFObjectHandle::newDictionary();
  info.replaceKey("/Title", QPDFObjectHandle::newUnicodeString("Facture FA-2025-017"));
  q.getTrailer().replaceKey("/Info", q.makeIndirectObject(info));

  QPDFWriter w(q);
  w.setOutputMemory();
  w.setStaticID(true);
  w.setObjectStreamMode(form == Form::kObjectStreams ? qpdf_o_generate : qpdf_o_disable);
  if (form == Form::kEncrypted) {
    w.setR6EncryptionParameters("", "owner", true, true, true, true, true, true, qpdf_r3p_full, true);
  }
  w.write();
  std::shared_ptr<Buffer> b = w.getBufferSharedPointer();
  return std::string(reinterpret_cast<const char*>(b->getBuffer()), b->getSize());
}

// Whether the newest catalog of `pdf` (as qpdf reads it) has the key.
bool CatalogHas(const std::string& pdf, const std::string& key) {
  QPDF q;
  q.processMemoryFile("check", pdf.data(), pdf.size());
  return q.getRoot().hasKey(key);
}

std::string PopplerText(const std::string& pdf, std::string* title = nullptr) {
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
  if (!doc || doc->pages() != 1) return "(unreadable)";
  if (title != nullptr) *title = doc->info_key("Title").to_latin1();
  std::unique_ptr<poppler::page> p(doc->create_page(0));
  return p->text().to_latin1();
}

TEST(WithoutOutputIntents, AppendsACatalogWithoutThem) {
  const std::string pdf = PdfWithOutputIntent(Form::kPlain);
  ASSERT_TRUE(CatalogHas(pdf, "/OutputIntents"));
  auto amended = WithoutOutputIntents(pdf);
  ASSERT_TRUE(amended.has_value());
  EXPECT_EQ(amended->compare(0, pdf.size(), pdf), 0) << "the original bytes come first, unchanged";
  EXPECT_FALSE(CatalogHas(*amended, "/OutputIntents"));
  EXPECT_TRUE(CatalogHas(*amended, "/Pages"));

  std::string title;
  const std::string text = PopplerText(*amended, &title);
  EXPECT_EQ(text, PopplerText(pdf));
  EXPECT_NE(text.find("FA-2025-017"), std::string::npos) << text;
  EXPECT_EQ(title, "Facture FA-2025-017") << "the trailer's /Info is carried over";
}

TEST(WithoutOutputIntents, FindsACatalogInsideAnObjectStream) {
  const std::string pdf = PdfWithOutputIntent(Form::kObjectStreams);
  ASSERT_EQ(pdf.find("/OutputIntents"), std::string::npos) << "the catalog should be compressed";
  ASSERT_TRUE(CatalogHas(pdf, "/OutputIntents"));
  auto amended = WithoutOutputIntents(pdf);
  ASSERT_TRUE(amended.has_value());
  EXPECT_FALSE(CatalogHas(*amended, "/OutputIntents"));
  EXPECT_NE(PopplerText(*amended).find("FA-2025-017"), std::string::npos);
}

TEST(WithoutOutputIntents, LeavesOtherFilesAlone) {
  EXPECT_FALSE(WithoutOutputIntents(test_pdf::MakePdf({"BT /F1 14 Tf 72 770 Td (Hello) Tj ET"})).has_value())
      << "no output intent";
  const std::string encrypted = PdfWithOutputIntent(Form::kEncrypted);
  ASSERT_TRUE(CatalogHas(encrypted, "/OutputIntents"));
  EXPECT_FALSE(WithoutOutputIntents(encrypted).has_value()) << "encrypted: its strings would need encrypting";

  const std::string pdf = PdfWithOutputIntent(Form::kPlain);
  EXPECT_FALSE(WithoutOutputIntents(pdf.substr(0, pdf.size() / 2)).has_value()) << "truncated";
  EXPECT_FALSE(WithoutOutputIntents("%PDF-1.7\n/OutputIntents garbage\nstartxref\n9\n%%EOF").has_value());
  EXPECT_FALSE(WithoutOutputIntents("").has_value());
}

}  // namespace
}  // namespace docflow
