// Searchable PDF tests: page images drawn here with OpenCV, words with known
// boxes (or a real Tesseract reading of a drawn page), the PDF reopened and
// read back with poppler-cpp (text, text boxes, rendered pixels).
#include "workers/ocr/searchable_pdf.h"

#include <gtest/gtest.h>

#include <memory>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include "workers/ocr/ocr_engine.h"
#include "workers/preprocess/test_pdf.h"

namespace docflow {
namespace {

std::string Png(const cv::Mat& img) {
  std::vector<unsigned char> buf;
  EXPECT_TRUE(cv::imencode(".png", img, buf));
  return std::string(buf.begin(), buf.end());
}

std::string Utf8(const poppler::ustring& u) {
  auto bytes = u.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

std::unique_ptr<poppler::document> Open(const std::string& pdf) {
  std::unique_ptr<poppler::document> d(poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
  EXPECT_TRUE(d != nullptr) << "poppler cannot open the PDF";
  return d;
}

std::string PageText(poppler::document& d, int i) {
  std::unique_ptr<poppler::page> p(d.create_page(i));
  return p ? Utf8(p->text()) : "";
}

// A word to draw: the text as it will be in the text layer, and an ASCII
// stand-in for the drawing (Hershey fonts have no accents).
struct Spec {
  std::string text, drawn;
};

// A 200-dpi page with lines of words drawn in black; page.words get the
// drawn boxes and Tesseract-like block/line numbers.
Page DrawnPage(const std::vector<std::vector<Spec>>& lines, int index = 0, int w = 1400, int h = 900, int dpi = 200) {
  cv::Mat img(h, w, CV_8UC1, cv::Scalar(255));
  Page p;
  p.index = index;
  p.source = "ocr";
  p.width = w;
  p.height = h;
  p.dpi = dpi;
  int y = 150, line_no = 0;
  for (const auto& line : lines) {
    ++line_no;
    int x = 80;
    for (const Spec& s : line) {
      int base = 0;
      cv::Size sz = cv::getTextSize(s.drawn, cv::FONT_HERSHEY_SIMPLEX, 1.6, 3, &base);
      cv::putText(img, s.drawn, cv::Point(x, y), cv::FONT_HERSHEY_SIMPLEX, 1.6, cv::Scalar(0), 3, cv::LINE_AA);
      Word wd;
      wd.text = s.text;
      wd.confidence = 90;
      wd.box = Box{x, y - sz.height, sz.width, sz.height + base};
      wd.block = 1;
      wd.line = line_no;
      p.words.push_back(wd);
      x += sz.width + 40;
    }
    y += 120;
  }
  p.image = Png(img);
  p.text = TextFromWords(p);
  return p;
}

const std::vector<std::vector<Spec>> kFrench = {
    {{"Facture", "Facture"}, {"numéro", "numero"}, {"FA-2025-0142", "FA-2025-0142"}},
    {{"Total", "Total"}, {"TTC", "TTC"}, {"1234,56", "1234,56"}, {"€", "EUR"}},
    {{"Reçu", "Recu"}, {"à", "a"}, {"cœur", "coeur"}, {"\uFB01nal", "final"}, {"\U0001D11E", "G"}},
};

// Finds each of words in text, in order; returns the first missing one.
std::string FirstMissingInOrder(const std::string& text, const std::vector<std::string>& words) {
  size_t pos = 0;
  for (const auto& w : words) {
    size_t at = text.find(w, pos);
    if (at == std::string::npos) return w;
    pos = at + w.size();
  }
  return "";
}

std::vector<std::string> WordTexts(const Page& p) {
  std::vector<std::string> out;
  for (const auto& w : p.words) out.push_back(w.text);
  return out;
}

TEST(SearchablePdf, OcrPageHasTheImageSizeAndItsWordsInOrderWithUnicode) {
  Page page = DrawnPage(kFrench);
  auto pdf = BuildSearchablePdf({page}, "");
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(pdf->pages, 1);
  EXPECT_EQ(pdf->ocr_pages, 1);
  EXPECT_EQ(pdf->bytes.rfind("%PDF-", 0), 0u);
  auto doc = Open(pdf->bytes);
  ASSERT_TRUE(doc);
  ASSERT_EQ(doc->pages(), 1);
  std::unique_ptr<poppler::page> p(doc->create_page(0));
  poppler::rectf media = p->page_rect(poppler::media_box);
  EXPECT_NEAR(media.width(), 1400 * 72.0 / 200, 0.01);   // 504 pt
  EXPECT_NEAR(media.height(), 900 * 72.0 / 200, 0.01);   // 324 pt
  std::string text = Utf8(p->text());
  EXPECT_EQ(FirstMissingInOrder(text, WordTexts(page)), "") << text;
  // Words of a line are separated by spaces, not glued together.
  EXPECT_NE(text.find("Facture numéro FA-2025-0142"), std::string::npos) << text;
  EXPECT_NE(text.find("cœur \uFB01nal"), std::string::npos) << text;
}

TEST(SearchablePdf, EveryWordSitsOnItsBoxScaledToPoints) {
  Page page = DrawnPage(kFrench);
  auto pdf = BuildSearchablePdf({page}, "");
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  auto doc = Open(pdf->bytes);
  ASSERT_TRUE(doc);
  std::unique_ptr<poppler::page> p(doc->create_page(0));
  auto boxes = p->text_list();
  const double k = 72.0 / page.dpi;
  size_t next = 0;  // text boxes come in the order drawn
  for (const Word& w : page.words) {
    size_t found = boxes.size();
    for (size_t i = next; i < boxes.size(); ++i)
      if (Utf8(boxes[i].text()) == w.text) {
        found = i;
        break;
      }
    ASSERT_LT(found, boxes.size()) << "no text box for " << w.text;
    next = found + 1;
    poppler::rectf r = boxes[found].bbox();  // points, origin top-left
    EXPECT_NEAR(r.left(), w.box.x * k, 1.0) << w.text;
    EXPECT_NEAR(r.right(), (w.box.x + w.box.w) * k, 1.0) << w.text;
    double cy = (w.box.y + w.box.h / 2.0) * k;
    EXPECT_GE(cy, r.top()) << w.text;
    EXPECT_LE(cy, r.bottom()) << w.text;
    EXPECT_LT(r.height(), 2.0 * 60 * k) << w.text;  // about the line's height, not the page's
  }
}

// The rendered page (at the image's own resolution) as 8-bit gray.
cv::Mat Render(poppler::document& d, int i, int dpi) {
  std::unique_ptr<poppler::page> p(d.create_page(i));
  poppler::page_renderer r;
  poppler::image im = r.render_page(p.get(), dpi, dpi);
  cv::Mat bgra(im.height(), im.width(), CV_8UC4, const_cast<char*>(im.const_data()), im.bytes_per_row());
  cv::Mat gray;
  cv::cvtColor(bgra, gray, cv::COLOR_BGRA2GRAY);
  return gray;
}

cv::Mat Decode(const std::string& png) {
  return cv::imdecode(std::vector<unsigned char>(png.begin(), png.end()), cv::IMREAD_UNCHANGED);
}

double MeanAbsDiff(const cv::Mat& a, const cv::Mat& b) { return cv::mean(cv::abs(cv::Mat_<int>(a) - cv::Mat_<int>(b)))[0]; }

TEST(SearchablePdf, ScannedLookingGrayPageIsJpegAndLooksLikeThePage) {
  Page page = DrawnPage(kFrench);
  // Paper texture, as in a scan: blurred noise around light gray.
  cv::Mat img = Decode(page.image), noise(img.size(), CV_8UC1);
  cv::randn(noise, 0, 25);
  cv::GaussianBlur(noise, noise, cv::Size(3, 3), 0);
  cv::Mat scan = img - 20 + noise;
  page.image = Png(scan);
  auto pdf = BuildSearchablePdf({page}, "", SearchablePdfOptions{80, "", ""});
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_NE(pdf->bytes.find("/DCTDecode"), std::string::npos);
  EXPECT_LT(pdf->bytes.size(), page.image.size()) << "JPEG is chosen because it is smaller than the PNG";
  auto doc = Open(pdf->bytes);
  ASSERT_TRUE(doc);
  cv::Mat got = Render(*doc, 0, page.dpi);
  ASSERT_EQ(got.size(), scan.size());
  EXPECT_LT(MeanAbsDiff(scan, got), 6.0);
  EXPECT_LT(cv::mean(got)[0], 250.0) << "the rendered page is blank: the image is not drawn";
}

// The pixels of the first image XObject of page i, decoded by qpdf (Flate
// and PNG predictors), as stored in the PDF.
cv::Mat StoredImage(const std::string& pdf, int i) {
  QPDF q;
  q.processMemoryFile("archive", pdf.data(), pdf.size());
  auto pages = QPDFPageDocumentHelper(q).getAllPages();
  for (auto& [name, xobject] : pages.at(i).getImages()) {
    QPDFObjectHandle dict = xobject.getDict();
    int w = static_cast<int>(dict.getKey("/Width").getIntValue());
    int h = static_cast<int>(dict.getKey("/Height").getIntValue());
    auto data = xobject.getStreamData(qpdf_dl_generalized);
    if (data->getSize() != static_cast<size_t>(w) * h) return cv::Mat();
    return cv::Mat(h, w, CV_8UC1, data->getBuffer()).clone();
  }
  return cv::Mat();
}

TEST(SearchablePdf, CleanGrayPageKeepsItsPngRowsLosslessly) {
  Page page = DrawnPage(kFrench);  // anti-aliased text on white: PNG beats JPEG
  auto pdf = BuildSearchablePdf({page}, "");
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(pdf->bytes.find("/DCTDecode"), std::string::npos);
  EXPECT_NE(pdf->bytes.find("/Predictor 15"), std::string::npos);
  cv::Mat want = Decode(page.image), stored = StoredImage(pdf->bytes, 0);
  ASSERT_EQ(stored.size(), want.size());
  EXPECT_EQ(cv::countNonZero(want != stored), 0) << "lossless: the stored pixels are the page image's";
  auto doc = Open(pdf->bytes);
  ASSERT_TRUE(doc);
  cv::Mat got = Render(*doc, 0, page.dpi);
  ASSERT_EQ(got.size(), want.size());
  EXPECT_LT(MeanAbsDiff(want, got), 2.0);
}

TEST(SearchablePdf, ColourPageStaysInColour) {
  Page page = DrawnPage(kFrench);
  cv::Mat gray = Decode(page.image), colour;
  cv::cvtColor(gray, colour, cv::COLOR_GRAY2BGR);
  cv::rectangle(colour, cv::Rect(900, 600, 300, 200), cv::Scalar(200, 30, 30), cv::FILLED);  // a blue stamp
  page.image = Png(colour);
  auto pdf = BuildSearchablePdf({page}, "");
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_NE(pdf->bytes.find("/DeviceRGB"), std::string::npos);
  auto doc = Open(pdf->bytes);
  ASSERT_TRUE(doc);
  std::unique_ptr<poppler::page> p(doc->create_page(0));
  poppler::page_renderer r;
  poppler::image im = r.render_page(p.get(), page.dpi, page.dpi);
  cv::Mat bgra(im.height(), im.width(), CV_8UC4, const_cast<char*>(im.const_data()), im.bytes_per_row());
  cv::Vec4b px = bgra.at<cv::Vec4b>(700, 1050);
  EXPECT_GT(px[0], 150);  // blue
  EXPECT_LT(px[2], 80);   // little red
  EXPECT_EQ(FirstMissingInOrder(Utf8(p->text()), WordTexts(page)), "");
}

TEST(SearchablePdf, BlackAndWhitePageIsStoredLosslessly) {
  Page page = DrawnPage(kFrench);
  cv::Mat img = cv::imdecode(std::vector<unsigned char>(page.image.begin(), page.image.end()), cv::IMREAD_GRAYSCALE);
  cv::threshold(img, img, 128, 255, cv::THRESH_BINARY);
  page.image = Png(img);
  auto pdf = BuildSearchablePdf({page}, "");
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_NE(pdf->bytes.find("/CCITTFaxDecode"), std::string::npos);
  EXPECT_EQ(pdf->bytes.find("/DCTDecode"), std::string::npos);
  auto doc = Open(pdf->bytes);
  ASSERT_TRUE(doc);
  std::unique_ptr<poppler::page> p(doc->create_page(0));
  poppler::page_renderer r;
  poppler::image im = r.render_page(p.get(), page.dpi, page.dpi);
  ASSERT_EQ(im.width(), img.cols);
  ASSERT_EQ(im.height(), img.rows);
  cv::Mat bgra(im.height(), im.width(), CV_8UC4, const_cast<char*>(im.const_data()), im.bytes_per_row());
  cv::Mat got;
  cv::cvtColor(bgra, got, cv::COLOR_BGRA2GRAY);
  int black_want = img.total() - cv::countNonZero(img);
  ASSERT_GT(black_want, 1000);
  // G4 is lossless; Poppler's renderer may still shade pixels on the edges of
  // strokes, so every differing pixel must lie on an edge of the page image.
  cv::Mat diff, dilated, eroded, edges;
  cv::absdiff(img, got, diff);
  cv::threshold(diff, diff, 64, 255, cv::THRESH_BINARY);
  cv::dilate(img, dilated, cv::Mat());
  cv::erode(img, eroded, cv::Mat());
  cv::absdiff(dilated, eroded, edges);
  cv::Mat off_edge = diff & ~edges;
  EXPECT_EQ(cv::countNonZero(off_edge), 0) << "pixels away from any edge differ (polarity or loss)";
  EXPECT_LT(cv::countNonZero(diff), black_want / 2);
}

TEST(SearchablePdf, PageTurnedByTheOcrStageIsTurnedInTheArchive) {
  // The OCR stage turned a landscape image a quarter turn clockwise and
  // read it; the image handed over is still the unturned one.
  Page page = DrawnPage(kFrench, 0, 900, 1400);  // the turned (portrait) page as OCR'd
  cv::Mat turned = cv::imdecode(std::vector<unsigned char>(page.image.begin(), page.image.end()), cv::IMREAD_GRAYSCALE);
  cv::Mat original;
  cv::rotate(turned, original, cv::ROTATE_90_COUNTERCLOCKWISE);
  page.image = Png(original);
  page.preprocess["ocr"] = {{"rotation_deg", 90}};
  auto pdf = BuildSearchablePdf({page}, "");
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  auto doc = Open(pdf->bytes);
  ASSERT_TRUE(doc);
  std::unique_ptr<poppler::page> p(doc->create_page(0));
  EXPECT_NEAR(p->page_rect(poppler::media_box).width(), 900 * 72.0 / 200, 0.01);
  EXPECT_NEAR(p->page_rect(poppler::media_box).height(), 1400 * 72.0 / 200, 0.01);
  poppler::page_renderer r;
  poppler::image im = r.render_page(p.get(), page.dpi, page.dpi);
  cv::Mat bgra(im.height(), im.width(), CV_8UC4, const_cast<char*>(im.const_data()), im.bytes_per_row());
  cv::Mat got;
  cv::cvtColor(bgra, got, cv::COLOR_BGRA2GRAY);
  ASSERT_EQ(got.size(), turned.size());
  double mean_diff = cv::mean(cv::abs(cv::Mat_<int>(turned) - cv::Mat_<int>(got)))[0];
  EXPECT_LT(mean_diff, 4.0) << "the image was not turned like the words";
}

TEST(SearchablePdf, MixedDocumentKeepsTheBornDigitalPageExactly) {
  std::string original = test_pdf::MakePdf({
      "BT /F1 14 Tf 72 760 Td (Conditions generales de vente, page une) Tj 0 -20 Td (Article 1: objet) Tj ET",
      "BT /F1 14 Tf 72 760 Td (This page was scanned) Tj ET",
  });
  auto odoc = Open(original);
  ASSERT_TRUE(odoc);
  std::string original_text = PageText(*odoc, 0);
  ASSERT_NE(original_text.find("Article 1"), std::string::npos);

  Page text_page;
  text_page.index = 0;
  text_page.source = "text-layer";
  text_page.text = original_text;
  Page scanned = DrawnPage(kFrench, 1);
  auto pdf = BuildSearchablePdf({text_page, scanned}, original);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(pdf->pages, 2);
  EXPECT_EQ(pdf->copied_pages, 1);
  EXPECT_EQ(pdf->ocr_pages, 1);
  auto doc = Open(pdf->bytes);
  ASSERT_TRUE(doc);
  ASSERT_EQ(doc->pages(), 2);
  EXPECT_EQ(PageText(*doc, 0), original_text);
  std::unique_ptr<poppler::page> p0(doc->create_page(0));
  EXPECT_NEAR(p0->page_rect(poppler::media_box).width(), 595, 0.01);
  std::string t1 = PageText(*doc, 1);
  EXPECT_EQ(FirstMissingInOrder(t1, WordTexts(scanned)), "") << t1;
  EXPECT_EQ(t1.find("scanned"), std::string::npos) << "page 2 must be the OCR'd image, not the original's page";
}

TEST(SearchablePdf, RealOcrOfADrawnPageIsSearchable) {
  cv::Mat img(1200, 2000, CV_8UC1, cv::Scalar(255));
  const std::vector<std::string> lines = {"Invoice number 48213", "Delivery address Lyon", "Amount due 912.40"};
  for (size_t i = 0; i < lines.size(); ++i)
    cv::putText(img, lines[i], cv::Point(150, 250 + 200 * static_cast<int>(i)), cv::FONT_HERSHEY_SIMPLEX, 3.0,
                cv::Scalar(0), 6, cv::LINE_AA);
  Page page;
  page.source = "image";
  page.width = img.cols;
  page.height = img.rows;
  page.dpi = 300;
  page.image = Png(img);
  SetSingleThreadedOcr();
  auto engine = OcrEngine::Create(OcrOptions{});
  ASSERT_TRUE(engine.ok()) << engine.error().message;
  ASSERT_TRUE((*engine)->Recognize(page).ok());
  ASSERT_GE(page.words.size(), 9u);
  ASSERT_NE(page.text.find("Invoice"), std::string::npos) << page.text;

  auto pdf = BuildSearchablePdf({page}, "");
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  auto doc = Open(pdf->bytes);
  ASSERT_TRUE(doc);
  std::string text = PageText(*doc, 0);
  EXPECT_EQ(FirstMissingInOrder(text, WordTexts(page)), "") << text;
  // Lines stay lines: the first line's words come before the second's, on their own line.
  EXPECT_NE(text.find("Invoice number 48213"), std::string::npos) << text;
  EXPECT_LT(text.find("Invoice"), text.find("Delivery"));
  EXPECT_LT(text.find("Delivery"), text.find("Amount"));
}

TEST(SearchablePdf, SameInputGivesTheSameBytes) {
  Page page = DrawnPage(kFrench);
  auto a = BuildSearchablePdf({page}, "", SearchablePdfOptions{75, "", "Facture"});
  auto b = BuildSearchablePdf({page}, "", SearchablePdfOptions{75, "", "Facture"});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->bytes, b->bytes);
}

TEST(SearchablePdf, BadInputIsAnErrorNotACrash) {
  Page good = DrawnPage(kFrench);
  auto expect_error = [](const Result<SearchablePdf>& r, const std::string& part) {
    ASSERT_FALSE(r.ok());
    EXPECT_FALSE(r.error().retryable);
    EXPECT_NE(r.error().message.find(part), std::string::npos) << r.error().message;
  };
  expect_error(BuildSearchablePdf({}, ""), "no pages");

  Page no_image = good;
  no_image.image.clear();
  expect_error(BuildSearchablePdf({no_image}, ""), "image is missing");

  Page corrupt = good;
  corrupt.image = "\x89PNG\r\n\x1a\n this is not the rest of a PNG";
  expect_error(BuildSearchablePdf({corrupt}, ""), "cannot decode");

  Page truncated = good;
  truncated.image.resize(truncated.image.size() / 3);
  EXPECT_FALSE(BuildSearchablePdf({truncated}, "").ok());

  Page text_page;
  text_page.source = "text-layer";
  expect_error(BuildSearchablePdf({text_page}, ""), "no original PDF");
  expect_error(BuildSearchablePdf({text_page}, "%PDF-1.4\n1 0 obj << garbage"), "searchable PDF:");
  text_page.index = 7;
  expect_error(BuildSearchablePdf({text_page}, test_pdf::MakePdf({"BT ET"})), "not in the original");

  Page not_ocrd = good;
  not_ocrd.source = "image";
  expect_error(BuildSearchablePdf({not_ocrd}, ""), "not OCR'd");

  EXPECT_TRUE(CanBuildSearchablePdf({good}, false));
  EXPECT_FALSE(CanBuildSearchablePdf({good, text_page}, false));
  EXPECT_TRUE(CanBuildSearchablePdf({good, text_page}, true));
  EXPECT_FALSE(CanBuildSearchablePdf({}, true));
}

TEST(SearchablePdf, WordsWithoutUsableBoxesOrTextAreLeftOut) {
  Page page = DrawnPage(kFrench);
  Word empty_box;
  empty_box.text = "ghost";
  empty_box.block = 9;
  empty_box.line = 9;
  Word control;
  control.text = "\x01\x02";
  control.box = Box{10, 10, 50, 20};
  page.words.push_back(empty_box);
  page.words.push_back(control);
  auto pdf = BuildSearchablePdf({page}, "");
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  auto doc = Open(pdf->bytes);
  ASSERT_TRUE(doc);
  std::string text = PageText(*doc, 0);
  EXPECT_EQ(text.find("ghost"), std::string::npos);
  EXPECT_NE(text.find("Facture"), std::string::npos);
}

}  // namespace
}  // namespace docflow
