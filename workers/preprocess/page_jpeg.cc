// Scanned PDF pages read from their own JPEG; see page_jpeg.h.
#include "workers/preprocess/page_jpeg.h"

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

namespace docflow {
namespace {

using Matrix = std::array<double, 6>;  // a b c d e f, as in "a b c d e f cm"

Matrix Multiply(const Matrix& m, const Matrix& ctm) {  // m, then ctm (PDF's m x ctm)
  return {m[0] * ctm[0] + m[1] * ctm[2],        m[0] * ctm[1] + m[1] * ctm[3],
          m[2] * ctm[0] + m[3] * ctm[2],        m[2] * ctm[1] + m[3] * ctm[3],
          m[4] * ctm[0] + m[5] * ctm[2] + ctm[4], m[4] * ctm[1] + m[5] * ctm[3] + ctm[5]};
}

// A number as Poppler's lexer reads it: integers exactly, reals digit by
// digit (x + 0.1 d1 + 0.01 d2 ..., the scale itself multiplied by 0.1 each
// time), which is not always the double strtod gives. The placement of the
// image on the raster depends on these bits (PageRaster, page_raster.h).
double PopplerNumber(QPDFObjectHandle o) {
  if (o.isInteger()) return static_cast<double>(o.getIntValue());
  const std::string s = o.getRealValue();
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  double x = 0;
  for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) x = x * 10 + (s[i] - '0');
  if (i < s.size() && s[i] == '.') {
    double scale = 0.1;
    for (++i; i < s.size(); ++i) {
      if (s[i] == '-') continue;  // Poppler skips a minus inside a number
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) break;
      x = x + scale * (s[i] - '0');
      scale *= 0.1;
    }
  }
  return neg ? -x : x;
}

// A page box as Poppler keeps it: corners ordered, numbers read as above.
std::optional<std::array<double, 4>> PopplerBox(QPDFObjectHandle box) {
  if (!box.isArray() || box.getArrayNItems() != 4) return std::nullopt;
  std::array<double, 4> b;
  for (int i = 0; i < 4; ++i) {
    QPDFObjectHandle n = box.getArrayItem(i);
    if (!n.isNumber()) return std::nullopt;
    b[i] = PopplerNumber(n);
  }
  if (b[0] > b[2]) std::swap(b[0], b[2]);
  if (b[1] > b[3]) std::swap(b[1], b[3]);
  return b;
}

// Walks the page content: q, Q, cm and Do only; records the one Do's name
// and the matrix it was drawn with. Anything else stops the walk.
class ImageOnlyContent : public QPDFObjectHandle::ParserCallbacks {
 public:
  bool ok() const { return ok_ && !image_.empty(); }
  const std::string& image() const { return image_; }
  const Matrix& matrix() const { return drawn_; }
  const std::vector<Matrix>& cms() const { return drawn_cms_; }  // in force at the Do, outermost first

  void handleObject(QPDFObjectHandle obj) override {
    if (!ok_) return;
    if (!obj.isOperator()) {
      if (obj.isNumber()) {
        numbers_.push_back(PopplerNumber(obj));
      } else if (obj.isName()) {
        name_ = obj.getName();
      } else {
        Fail();  // strings, arrays, inline images: not an image-only page
      }
      return;
    }
    const std::string op = obj.getOperatorValue();
    if (op == "q" && numbers_.empty()) {
      stack_.push_back({ctm_, cms_.size()});
    } else if (op == "Q" && numbers_.empty() && !stack_.empty()) {
      ctm_ = stack_.back().first;
      cms_.resize(stack_.back().second);
      stack_.pop_back();
    } else if (op == "cm" && numbers_.size() == 6) {
      Matrix m;
      std::copy(numbers_.begin(), numbers_.end(), m.begin());
      ctm_ = Multiply(m, ctm_);
      cms_.push_back(m);
    } else if (op == "Do" && numbers_.empty() && !name_.empty() && image_.empty()) {
      image_ = name_;
      drawn_ = ctm_;
      drawn_cms_ = cms_;
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
  std::vector<Matrix> cms_, drawn_cms_;
  std::vector<std::pair<Matrix, size_t>> stack_;  // at each q: the matrix and how many cms were in force
  std::vector<double> numbers_;
  std::string name_;
  std::string image_;
};

bool IsName(QPDFObjectHandle o, const char* name) { return o.isName() && o.getName() == name; }

// /DCTDecode alone, 8 bits, DeviceGray or DeviceRGB (an ICC profile would
// be applied by Poppler's colour management), nothing that changes the
// samples. Sets rgb.
bool IsPlainJpeg(QPDFObjectHandle dict, bool& rgb) {
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
  rgb = IsName(cs, "/DeviceRGB");
  return rgb || IsName(cs, "/DeviceGray");
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
  bool rgb = false;
  if (!image.isStream() || !IsPlainJpeg(image.getDict(), rgb)) return std::nullopt;
  QPDFObjectHandle w = image.getDict().getKey("/Width"), h = image.getDict().getKey("/Height");
  if (!w.isInteger() || !h.isInteger() || w.getIntValue() <= 0 || h.getIntValue() <= 0) return std::nullopt;
  const long long width = w.getIntValue(), height = h.getIntValue();
  if (width * height > max_pixels) return std::nullopt;

  // Upright: the unit square goes to [e, e+a] x [f, f+d], a and d positive.
  const Matrix& m = content.matrix();
  if (m[0] <= 0 || m[3] <= 0 || std::fabs(m[1]) > 1e-6 * m[0] || std::fabs(m[2]) > 1e-6 * m[3]) {
    return std::nullopt;
  }
  // The crop box clipped to the media box, as Poppler renders it.
  QPDFObjectHandle media_box = page.getAttribute("/MediaBox", false);
  std::optional<std::array<double, 4>> media =
      media_box.isNull() ? std::array<double, 4>{0, 0, 612, 792} : PopplerBox(media_box);
  if (!media) return std::nullopt;
  QPDFObjectHandle crop_box = page.getAttribute("/CropBox", false);
  std::optional<std::array<double, 4>> crop = crop_box.isNull() ? media : PopplerBox(crop_box);
  if (!crop) return std::nullopt;
  for (int i = 0; i < 4; ++i) (*crop)[i] = std::clamp((*crop)[i], (*media)[i % 2], (*media)[2 + i % 2]);
  const double x0 = (*crop)[0], y0 = (*crop)[1], x1 = (*crop)[2], y1 = (*crop)[3];
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
  out.rgb = rgb;
  out.crop = *crop;
  out.cms = content.cms();
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
