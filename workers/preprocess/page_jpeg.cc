// Scanned PDF pages read from their own JPEG; see page_jpeg.h.
#include "workers/preprocess/page_jpeg.h"

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <algorithm>
#include <array>
#include <cmath>

namespace docflow {
namespace {

using Matrix = std::array<double, 6>;  // a b c d e f, as in "a b c d e f cm"

Matrix Multiply(const Matrix& m, const Matrix& ctm) {  // m, then ctm (PDF's m x ctm)
  return {m[0] * ctm[0] + m[1] * ctm[2],        m[0] * ctm[1] + m[1] * ctm[3],
          m[2] * ctm[0] + m[3] * ctm[2],        m[2] * ctm[1] + m[3] * ctm[3],
          m[4] * ctm[0] + m[5] * ctm[2] + ctm[4], m[4] * ctm[1] + m[5] * ctm[3] + ctm[5]};
}

// Walks the page content: q, Q, cm and Do only; records the one Do's name
// and the matrix it was drawn with. Anything else stops the walk.
class ImageOnlyContent : public QPDFObjectHandle::ParserCallbacks {
 public:
  bool ok() const { return ok_ && !image_.empty(); }
  const std::string& image() const { return image_; }
  const Matrix& matrix() const { return drawn_; }

  void handleObject(QPDFObjectHandle obj) override {
    if (!ok_) return;
    if (!obj.isOperator()) {
      if (obj.isNumber()) {
        numbers_.push_back(obj.getNumericValue());
      } else if (obj.isName()) {
        name_ = obj.getName();
      } else {
        Fail();  // strings, arrays, inline images: not an image-only page
      }
      return;
    }
    const std::string op = obj.getOperatorValue();
    if (op == "q" && numbers_.empty()) {
      stack_.push_back(ctm_);
    } else if (op == "Q" && numbers_.empty() && !stack_.empty()) {
      ctm_ = stack_.back();
      stack_.pop_back();
    } else if (op == "cm" && numbers_.size() == 6) {
      Matrix m;
      std::copy(numbers_.begin(), numbers_.end(), m.begin());
      ctm_ = Multiply(m, ctm_);
    } else if (op == "Do" && numbers_.empty() && !name_.empty() && image_.empty()) {
      image_ = name_;
      drawn_ = ctm_;
    } else {
      Fail();
    }
    numbers_.clear();
    name_.clear();
  }
  void handleEOF() override {}

 private:
  void Fail() {
    ok_ = false;
    terminateParsing();
  }
  bool ok_ = true;
  Matrix ctm_{1, 0, 0, 1, 0, 0};
  Matrix drawn_{};
  std::vector<Matrix> stack_;
  std::vector<double> numbers_;
  std::string name_;
  std::string image_;
};

bool IsName(QPDFObjectHandle o, const char* name) { return o.isName() && o.getName() == name; }

// /DCTDecode alone, 8 bits, gray or RGB, nothing that changes the samples.
bool IsPlainJpeg(QPDFObjectHandle dict) {
  if (!IsName(dict.getKey("/Subtype"), "/Image")) return false;
  QPDFObjectHandle filter = dict.getKey("/Filter");
  if (filter.isArray() && filter.getArrayNItems() == 1) filter = filter.getArrayItem(0);
  if (!IsName(filter, "/DCTDecode")) return false;
  for (const char* key : {"/Decode", "/Mask", "/SMask"}) {
    if (!dict.getKey(key).isNull()) return false;
  }
  QPDFObjectHandle mask = dict.getKey("/ImageMask");
  if (mask.isBool() && mask.getBoolValue()) return false;
  // DCTDecode's one parameter, /ColorTransform, changes the colours; other
  // keys (writers add /Quality) mean nothing to a reader.
  QPDFObjectHandle params = dict.getKey("/DecodeParms");
  if (params.isArray() && params.getArrayNItems() == 1) params = params.getArrayItem(0);
  if (!params.isNull() && !(params.isDictionary() && !params.hasKey("/ColorTransform"))) return false;
  QPDFObjectHandle bpc = dict.getKey("/BitsPerComponent");
  if (!bpc.isInteger() || bpc.getIntValue() != 8) return false;
  QPDFObjectHandle cs = dict.getKey("/ColorSpace");
  if (IsName(cs, "/DeviceGray") || IsName(cs, "/DeviceRGB")) return true;
  if (cs.isArray() && cs.getArrayNItems() == 2 && IsName(cs.getArrayItem(0), "/ICCBased") &&
      cs.getArrayItem(1).isStream()) {
    QPDFObjectHandle n = cs.getArrayItem(1).getDict().getKey("/N");
    return n.isInteger() && (n.getIntValue() == 1 || n.getIntValue() == 3);
  }
  return false;
}

bool Near(double a, double b, double tolerance) { return std::fabs(a - b) <= tolerance; }

std::optional<PageJpeg> PageJpegOf(QPDFPageObjectHelper& page, long long max_pixels) {
  QPDFObjectHandle dict = page.getObjectHandle();
  QPDFObjectHandle rotate = page.getAttribute("/Rotate", false);
  if (rotate.isInteger() && rotate.getIntValue() % 360 != 0) return std::nullopt;
  QPDFObjectHandle unit = dict.getKey("/UserUnit");
  if (unit.isNumber() && unit.getNumericValue() != 1.0) return std::nullopt;
  QPDFObjectHandle annots = dict.getKey("/Annots");
  if (annots.isArray() && annots.getArrayNItems() > 0) return std::nullopt;

  ImageOnlyContent content;
  page.parseContents(&content);
  if (!content.ok()) return std::nullopt;
  QPDFObjectHandle xobjects = page.getAttribute("/Resources", false).getKey("/XObject");
  QPDFObjectHandle image = xobjects.isDictionary() ? xobjects.getKey(content.image()) : QPDFObjectHandle();
  if (!image.isStream() || !IsPlainJpeg(image.getDict())) return std::nullopt;
  QPDFObjectHandle w = image.getDict().getKey("/Width"), h = image.getDict().getKey("/Height");
  if (!w.isInteger() || !h.isInteger() || w.getIntValue() <= 0 || h.getIntValue() <= 0) return std::nullopt;
  const long long width = w.getIntValue(), height = h.getIntValue();
  if (width * height > max_pixels) return std::nullopt;

  // Upright: the unit square goes to [e, e+a] x [f, f+d], a and d positive.
  const Matrix& m = content.matrix();
  if (m[0] <= 0 || m[3] <= 0 || std::fabs(m[1]) > 1e-6 * m[0] || std::fabs(m[2]) > 1e-6 * m[3]) {
    return std::nullopt;
  }
  QPDFObjectHandle box = page.getCropBox(false, false);
  if (!box.isRectangle()) return std::nullopt;
  QPDFObjectHandle::Rectangle r = box.getArrayAsRectangle();
  const double x0 = std::min(r.llx, r.urx), x1 = std::max(r.llx, r.urx);
  const double y0 = std::min(r.lly, r.ury), y1 = std::max(r.lly, r.ury);
  const double tx = 0.01 * (x1 - x0), ty = 0.01 * (y1 - y0);
  if (x1 <= x0 || y1 <= y0 || !Near(m[4], x0, tx) || !Near(m[4] + m[0], x1, tx) || !Near(m[5], y0, ty) ||
      !Near(m[5] + m[3], y1, ty)) {
    return std::nullopt;
  }
  const double dpi_x = width * 72.0 / m[0], dpi_y = height * 72.0 / m[3];
  if (std::fabs(dpi_x - dpi_y) > 0.02 * std::max(dpi_x, dpi_y)) return std::nullopt;

  std::shared_ptr<Buffer> data = image.getRawStreamData();
  if (!data || data->getSize() < 4) return std::nullopt;
  PageJpeg out;
  out.jpeg.assign(reinterpret_cast<const char*>(data->getBuffer()), data->getSize());
  out.width = static_cast<int>(width);
  out.height = static_cast<int>(height);
  out.dpi = static_cast<int>(std::lround((dpi_x + dpi_y) / 2));
  return out;
}

}  // namespace

std::vector<std::optional<PageJpeg>> PdfPageJpegs(std::string_view pdf, const std::vector<bool>& wanted,
                                                  long long max_pixels) {
  std::vector<std::optional<PageJpeg>> out;
  try {
    QPDF q;
    q.setSuppressWarnings(true);
    q.processMemoryFile("document", pdf.data(), pdf.size());
    for (QPDFPageObjectHelper& page : QPDFPageDocumentHelper(q).getAllPages()) {
      std::optional<PageJpeg> jpeg;
      const size_t i = out.size();
      try {
        if (i < wanted.size() && wanted[i]) jpeg = PageJpegOf(page, max_pixels);
      } catch (const std::exception&) {
        jpeg.reset();  // this page's content cannot be read by qpdf: rendered
      }
      out.push_back(std::move(jpeg));
    }
  } catch (const std::exception&) {
    out.clear();  // unreadable for qpdf: every page is rendered
  }
  return out;
}

}  // namespace docflow
