// The upload's type check agrees with what the preprocess stage reads: every
// accepted sample is not refused by Preprocess as an unsupported type, and
// every refused one is.
#include "pipeline/http/upload_types.h"

#include <gtest/gtest.h>

#include <leptonica/allheaders.h>

#include "workers/preprocess/preprocess.h"
#include "workers/preprocess/test_pdf.h"

namespace docflow::http {
namespace {

std::string Png() {
  PIX* pix = pixCreate(64, 48, 8);
  pixSetAllArbitrary(pix, 255);
  l_uint8* data = nullptr;
  size_t size = 0;
  pixWriteMem(&data, &size, pix, IFF_PNG);
  std::string out(reinterpret_cast<char*>(data), size);
  lept_free(data);
  pixDestroy(&pix);
  return out;
}

TEST(UploadTypes, AgreeWithThePreprocessStage) {
  struct Sample {
    const char* name;
    std::string bytes;
    bool accepted;
  };
  std::vector<Sample> samples = {
      {"pdf", test_pdf::MakePdf({"BT /F1 12 Tf 72 700 Td (Invoice 42 total 10.00 EUR) Tj ET"}), true},
      {"png", Png(), true},
      {"vcard", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n", true},
      {"jcard", R"(["vcard",[["version",{},"text","4.0"],["fn",{},"text","Ada"]]])", true},
      {"plain text", "just some words\nand more words\n", false},
      {"html", "<!DOCTYPE html><html><body><p>hello</p></body></html>\n", false},
      {"zip", std::string("PK\x03\x04\x14\x00\x00\x00\x08\x00", 10) + std::string(100, '\0'), false},
      {"shell script", "#!/bin/sh\nrm -rf /\n", false},
      {"e-mail", "From: a@example.com\nTo: b@example.com\nSubject: hi\n\nbody\n", false},
  };
  PreprocessOptions opt;
  opt.enhance = false;
  for (const auto& s : samples) {
    SniffedType t = SniffUpload(s.bytes);
    EXPECT_EQ(t.accepted, s.accepted) << s.name << " sniffed as " << t.mime;
    auto r = Preprocess(s.bytes, opt);
    bool unsupported = !r.ok() && r.error().message.rfind("unsupported type", 0) == 0;
    EXPECT_EQ(!unsupported, t.accepted) << s.name << ": preprocess says "
                                        << (r.ok() ? std::string("ok") : r.error().message);
  }
}

}  // namespace
}  // namespace docflow::http
