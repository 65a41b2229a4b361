// The contact extractor on the project's own contact samples (samples/
// contact-*, written by samples/make_contacts.py): each file goes through
// preprocess (QR codes included), Tesseract for image pages, the shipped
// classifier and the extractor, as `docflow extract` does.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "classifiers/classifier.h"
#include "extractors/extractor.h"
#include "workers/ocr/ocr_engine.h"
#include "workers/preprocess/preprocess.h"

namespace docflow {
namespace {

std::string SamplePath(const std::string& name) {
  const char* dir = std::getenv("DOCFLOW_SOURCE_DIR");
  return std::string(dir ? dir : ".") + "/samples/" + name;
}

struct Read {
  Classification cls;
  Fields fields;
  std::vector<Page> pages;
};

Read ReadSample(const std::string& name) {
  std::ifstream in(SamplePath(name), std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  Read r;
  auto pre = Preprocess(ss.str(), PreprocessOptions{});
  EXPECT_TRUE(pre.ok()) << name << ": " << (pre.ok() ? "" : pre.error().message);
  if (!pre.ok()) return r;
  static auto engine = OcrEngine::Create(OcrOptions{});
  EXPECT_TRUE(engine.ok());
  for (Page& p : pre->pages) {
    if (p.source == "image") {
      EXPECT_TRUE((*engine)->Recognize(p).ok()) << name;
    }
  }
  r.pages = std::move(pre->pages);
  r.cls = Classify(r.pages);
  r.fields = Extract(r.cls, r.pages);
  return r;
}

std::string Value(const Fields& f, const std::string& name) {
  auto it = f.find(name);
  return it == f.end() ? "<none>" : it->second.value.get<std::string>();
}

void ExpectProvenance(const Read& r, const std::string& field, const std::string& method) {
  auto it = r.fields.find(field);
  ASSERT_NE(it, r.fields.end()) << field;
  const Field& f = it->second;
  EXPECT_EQ(f.method, method) << field;
  EXPECT_EQ(f.extractor_version, "contact/2") << field;
  EXPECT_EQ(f.page, 0) << field;
  EXPECT_GT(f.confidence, 0.4) << field;
  EXPECT_LE(f.confidence, 1.0) << field;
  if (method != "qr") {
    ASSERT_TRUE(f.box.has_value()) << field;
    EXPECT_GT(f.box->w, 0) << field;
    EXPECT_LT(f.box->x + f.box->w, r.pages[0].width + 2) << field;
  }
}

TEST(ContactSamples, TwoColumnCardWithARuleIsReadWhole) {
  // The rule between the columns runs below the text, so the content box
  // the OCR stage reads cuts it (and reaches the right edge): read through
  // Tesseract's SetRectangle this card came out as "re re re Bn".
  Read r = ReadSample("contact-card-en-columns.png");
  EXPECT_EQ(r.cls.label, "contact");
  EXPECT_EQ(Value(r.fields, "full_name"), "Priya Raman");
  EXPECT_EQ(Value(r.fields, "job_title"), "Data Protection Officer");
  EXPECT_EQ(Value(r.fields, "email"), "priya.raman@northgate-clinics.co.uk");
  EXPECT_EQ(Value(r.fields, "phone"), "+441614960812");
  EXPECT_EQ(Value(r.fields, "website"), "www.northgate-clinics.co.uk");
  // Two lines, the first ending in a comma: joined with one.
  EXPECT_EQ(Value(r.fields, "address"), "Northgate House, 3 Quay Street, Manchester M3 3JE, United Kingdom");
  EXPECT_TRUE(r.pages[0].preprocess.contains("content_box")) << r.pages[0].preprocess.dump();
}

TEST(ContactSamples, FrenchLetterheadSenderNotRecipient) {
  Read r = ReadSample("contact-letter-fr.pdf");
  EXPECT_EQ(r.cls.label, "contact");
  EXPECT_EQ(Value(r.fields, "full_name"), "Hélène Delmas");     // the signatory, not "Pierre Garnier"
  EXPECT_EQ(Value(r.fields, "job_title"), "Avocate associée");
  EXPECT_EQ(Value(r.fields, "company"), "Cabinet Delmas & Associés");  // not the recipient's SARL
  EXPECT_EQ(Value(r.fields, "address"), "24 cours Mirabeau, 13100 Aix-en-Provence");
  EXPECT_EQ(Value(r.fields, "phone"), "+33442276310");
  EXPECT_EQ(Value(r.fields, "email"), "contact@delmas-associes.fr");
  EXPECT_EQ(Value(r.fields, "website"), "www.delmas-associes.fr");
  ExpectProvenance(r, "phone", "label");
  ExpectProvenance(r, "full_name", "layout");
}

TEST(ContactSamples, ScannedEnglishLetterhead) {
  Read r = ReadSample("contact-letter-en-scan.pdf");
  EXPECT_EQ(r.cls.label, "contact");
  EXPECT_EQ(Value(r.fields, "full_name"), "David Okafor");
  EXPECT_EQ(Value(r.fields, "job_title"), "Operations Director");
  EXPECT_EQ(Value(r.fields, "company"), "Thornbury Logistics Ltd");
  EXPECT_EQ(Value(r.fields, "phone"), "+441174960723");
  EXPECT_NE(Value(r.fields, "address").find("Bristol BS1 6QH"), std::string::npos) << Value(r.fields, "address");
  EXPECT_EQ(Value(r.fields, "address").find("Bath"), std::string::npos);  // the recipient's
  ExpectProvenance(r, "company", "layout");
}

TEST(ContactSamples, EmailSignatures) {
  Read en = ReadSample("contact-signature-en.png");
  EXPECT_EQ(en.cls.label, "contact");
  EXPECT_EQ(Value(en.fields, "full_name"), "James Whitfield");
  EXPECT_EQ(Value(en.fields, "job_title"), "Head of Partnerships");
  EXPECT_EQ(Value(en.fields, "company"), "Kestrel Digital Ltd");
  EXPECT_EQ(Value(en.fields, "phone"), "+442079460958");  // T: before M:
  EXPECT_EQ(Value(en.fields, "email"), "james.whitfield@kestrel-digital.co.uk");  // not the To: address
  EXPECT_EQ(Value(en.fields, "address"), "18 Curtain Road, London EC2A 3NQ");
  Read fr = ReadSample("contact-signature-fr.pdf");
  EXPECT_EQ(fr.cls.label, "contact");
  EXPECT_EQ(Value(fr.fields, "full_name"), "Sophie Laurent");
  EXPECT_EQ(Value(fr.fields, "job_title"), "Chargée d'affaires");
  EXPECT_EQ(Value(fr.fields, "company"), "Atelier Lumière SARL");
  EXPECT_EQ(Value(fr.fields, "phone"), "+33478921540");
  EXPECT_EQ(Value(fr.fields, "address"), "27 rue des Tanneurs, 69001 Lyon");
  ExpectProvenance(fr, "address", "layout");
}

TEST(ContactSamples, CardPhotos) {
  Read fr = ReadSample("contact-card-fr-photo.jpg");
  EXPECT_EQ(fr.cls.label, "contact");
  EXPECT_EQ(Value(fr.fields, "full_name"), "Julien Moreau");
  EXPECT_EQ(Value(fr.fields, "job_title"), "Responsable des achats");
  EXPECT_EQ(Value(fr.fields, "phone"), "+33648279135");
  EXPECT_EQ(Value(fr.fields, "email"), "j.moreau@fournil-cie.fr");
  EXPECT_EQ(Value(fr.fields, "address"), "8 rue du Vieux Marché, 35000 Rennes");
  // Printed light on a brown header band as dark as the table: the photo is
  // read uncut and the band inverted (document_crop.h, dark_bands.h).
  EXPECT_EQ(Value(fr.fields, "company"), "Boulangeries Fournil & Cie");
  ExpectProvenance(fr, "email", "pattern");
  Read en = ReadSample("contact-card-en-photo.jpg");
  EXPECT_EQ(en.cls.label, "contact");
  EXPECT_EQ(Value(en.fields, "phone"), "+442079460321");
  EXPECT_EQ(Value(en.fields, "job_title"), "Senior Architect");
  EXPECT_EQ(Value(en.fields, "company"), "Hartley & Shaw Architects LLP");
}

TEST(ContactSamples, QrCodesAreDecodedAndPreferred) {
  Read us = ReadSample("contact-card-us-qr.jpg");
  EXPECT_EQ(us.cls.label, "contact");
  ASSERT_EQ(us.pages.size(), 1u);
  ASSERT_EQ(us.pages[0].codes.size(), 1u);
  EXPECT_EQ(us.pages[0].codes[0].rfind("BEGIN:VCARD", 0), 0u);
  EXPECT_EQ(Value(us.fields, "full_name"), "Marcus Bell");
  EXPECT_EQ(Value(us.fields, "phone"), "+15125550147");
  EXPECT_EQ(Value(us.fields, "address"), "Suite 1400, 600 Congress Ave, Austin, TX, 78701, USA");
  ExpectProvenance(us, "phone", "qr");
  ExpectProvenance(us, "email", "qr");
  EXPECT_GE(us.fields.at("full_name").confidence, 0.96);  // the printed name agrees with the code
  Read fr = ReadSample("contact-card-fr-qr.png");
  EXPECT_EQ(fr.cls.label, "contact");
  EXPECT_EQ(Value(fr.fields, "full_name"), "Camille Rousseau");
  EXPECT_EQ(Value(fr.fields, "company"), "Studio Lumen");
  EXPECT_EQ(Value(fr.fields, "phone"), "+33671234509");
  EXPECT_EQ(Value(fr.fields, "email"), "camille@studio-lumen.fr");
  ExpectProvenance(fr, "email", "qr");
}

}  // namespace
}  // namespace docflow
