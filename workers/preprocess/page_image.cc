// Scanned PDF pages read from their own image; see page_image.h.
#include "workers/preprocess/page_image.h"

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/Pipeline.hh>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <stdexcept>

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

// The end of a decoding pipeline that keeps at most `limit` bytes: a
// stream that inflates past its dictionary's size (a "zip bomb") stops
// there instead of filling memory.
class BoundedSink : public Pipeline {
 public:
  explicit BoundedSink(size_t limit) : Pipeline("bounded sink", nullptr), limit_(limit) {}
  void write(unsigned char const* data, size_t len) override {
    if (len > limit_ - out.size()) throw std::length_error("image data larger than its dictionary states");
    out.append(reinterpret_cast<const char*>(data), len);
  }
  void finish() override {}
  std::string out;

 private:
  size_t limit_;
};

// An image's decoded samples, through qpdf's lossless filters (Flate with
// its predictors, LZW, ASCIIHex, ASCII85, RunLength, or none); nullopt when
// the data is corrupt or does not hold exactly `size` bytes (decoding stops
// past it).
std::optional<std::string> LosslessSamples(QPDFObjectHandle image, size_t size) {
  BoundedSink sink(size);
  try {
    if (!image.pipeStreamData(&sink, 0, qpdf_dl_generalized, true)) return std::nullopt;
  } catch (const std::length_error&) {
    return std::nullopt;
  }
  if (sink.out.size() != size) return std::nullopt;
  return std::move(sink.out);
}

// The stream's filters, in order (a name or an array of names); nullopt
// when /Filter is neither.
std::optional<std::vector<std::string>> Filters(QPDFObjectHandle dict) {
  QPDFObjectHandle filter = dict.getKey("/Filter");
  std::vector<std::string> out;
  if (filter.isNull()) return out;
  if (filter.isName()) return std::vector<std::string>{filter.getName()};
  if (!filter.isArray()) return std::nullopt;
  for (int i = 0; i < filter.getArrayNItems(); ++i) {
    QPDFObjectHandle f = filter.getArrayItem(i);
    if (!f.isName()) return std::nullopt;
    out.push_back(f.getName());
  }
  return out;
}

// Whether qpdf decodes every filter itself (LosslessSamples).
bool IsLossless(const std::vector<std::string>& filters) {
  static const std::vector<std::string> kLossless = {"/FlateDecode", "/Fl", "/LZWDecode", "/LZW",
                                                     "/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85",
                                                     "/RunLengthDecode", "/RL"};
  return std::all_of(filters.begin(), filters.end(), [](const std::string& f) {
    return std::find(kLossless.begin(), kLossless.end(), f) != kLossless.end();
  });
}

// What every qualifying image and soft mask share: an image of 8 bits,
// nothing that changes the samples (/Decode), no colour-key /Mask, not a
// stencil mask. Width and height set from the dictionary.
bool IsPlainImage(QPDFObjectHandle dict, long long& width, long long& height) {
  if (!IsName(dict.getKey("/Subtype"), "/Image")) return false;
  for (const char* key : {"/Decode", "/Mask"}) {
    if (!dict.getKey(key).isNull()) return false;
  }
  QPDFObjectHandle mask = dict.getKey("/ImageMask");
  if (mask.isBool() && mask.getBoolValue()) return false;
  QPDFObjectHandle bpc = dict.getKey("/BitsPerComponent");
  if (!bpc.isInteger() || bpc.getIntValue() != 8) return false;
  QPDFObjectHandle w = dict.getKey("/Width"), h = dict.getKey("/Height");
  if (!w.isInteger() || !h.isInteger() || w.getIntValue() <= 0 || h.getIntValue() <= 0) return false;
  width = w.getIntValue();
  height = h.getIntValue();
  return true;
}

// Whether the image qualifies (page_image.h), DeviceGray or DeviceRGB (an
// ICC profile would be applied by Poppler's colour management): a JPEG
// when /DCTDecode is its only filter (without /ColorTransform, which changes
// the colours; other DCT parameters, such as /Quality, mean nothing to a
// reader), read here as stored; else lossless samples, decoded later
// (LoadPageImage). Sets out's encoding, width, height, rgb and, for a
// JPEG, data.
bool ReadImage(QPDFObjectHandle image, long long max_pixels, PageImage& out) {
  QPDFObjectHandle dict = image.getDict();
  long long width = 0, height = 0;
  if (!IsPlainImage(dict, width, height) || width * height > max_pixels) return false;
  QPDFObjectHandle cs = dict.getKey("/ColorSpace");
  out.rgb = IsName(cs, "/DeviceRGB");
  if (!out.rgb && !IsName(cs, "/DeviceGray")) return false;
  out.width = static_cast<int>(width);
  out.height = static_cast<int>(height);
  std::optional<std::vector<std::string>> filters = Filters(dict);
  if (!filters) return false;
  if (filters->size() == 1 && filters->front() == "/DCTDecode") {
    QPDFObjectHandle params = dict.getKey("/DecodeParms");
    if (params.isArray() && params.getArrayNItems() == 1) params = params.getArrayItem(0);
    if (!params.isNull() && !(params.isDictionary() && !params.hasKey("/ColorTransform"))) return false;
    std::shared_ptr<Buffer> data = image.getRawStreamData();
    if (!data || data->getSize() < 4) return false;
    out.encoding = PageImage::Encoding::kJpeg;
    out.data.assign(reinterpret_cast<const char*>(data->getBuffer()), data->getSize());
    return true;
  }
  if (!IsLossless(*filters)) return false;
  out.encoding = PageImage::Encoding::kSamples;
  return true;
}

// Whether the image's soft mask, when it has one, qualifies: an 8-bit
// DeviceGray image of the image's size, lossless, without /Matte (colours
// pre-blended with a matte are unblended by Poppler first). Sets
// out.soft_mask.
bool ReadSoftMask(QPDFObjectHandle image, PageImage& out) {
  QPDFObjectHandle smask = image.getDict().getKey("/SMask");
  if (smask.isNull()) return true;
  if (!smask.isStream()) return false;
  QPDFObjectHandle dict = smask.getDict();
  long long width = 0, height = 0;
  if (!IsPlainImage(dict, width, height) || width != out.width || height != out.height) return false;
  if (!IsName(dict.getKey("/ColorSpace"), "/DeviceGray") || !dict.getKey("/Matte").isNull()) return false;
  std::optional<std::vector<std::string>> filters = Filters(dict);
  if (!filters || !IsLossless(*filters)) return false;
  out.soft_mask = true;
  return true;
}

bool Near(double a, double b, double tolerance) { return std::fabs(a - b) <= tolerance; }

std::optional<PageImage> PageImageOf(QPDFPageObjectHelper& page, long long max_pixels) {
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
  if (!image.isStream()) return std::nullopt;
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
  // Decoded last: the checks above are cheap.
  PageImage out;
  if (!ReadImage(image, max_pixels, out) || !ReadSoftMask(image, out)) return std::nullopt;
  out.object = image.getObjectID();
  out.generation = image.getGeneration();
  const double dpi_x = out.width * 72.0 / m[0], dpi_y = out.height * 72.0 / m[3];
  out.dpi = static_cast<int>(std::lround((dpi_x + dpi_y) / 2));
  out.crop = *crop;
  out.cms = content.cms();
  return out;
}

}  // namespace

std::vector<std::optional<PageImage>> PdfPageImages(std::string_view pdf, const std::vector<bool>& wanted,
                                                    long long max_pixels) {
  std::vector<std::optional<PageImage>> out;
  try {
    QPDF q;
    q.setSuppressWarnings(true);
    q.processMemoryFile("document", pdf.data(), pdf.size());
    for (QPDFPageObjectHelper& page : QPDFPageDocumentHelper(q).getAllPages()) {
      std::optional<PageImage> image;
      const size_t i = out.size();
      try {
        if (i < wanted.size() && wanted[i]) image = PageImageOf(page, max_pixels);
      } catch (const std::exception&) {
        image.reset();  // this page's content cannot be read by qpdf: rendered
      }
      out.push_back(std::move(image));
    }
  } catch (const std::exception&) {
    out.clear();  // unreadable for qpdf: every page is rendered
  }
  return out;
}

bool LoadPageImage(std::string_view pdf, PageImage& image) {
  if (image.encoding == PageImage::Encoding::kJpeg && !image.soft_mask) return true;
  try {
    QPDF q;
    q.setSuppressWarnings(true);
    q.processMemoryFile("document", pdf.data(), pdf.size());
    QPDFObjectHandle stream = q.getObjectByID(image.object, image.generation);
    if (!stream.isStream()) return false;
    const size_t pixels = static_cast<size_t>(image.width) * image.height;
    if (image.encoding == PageImage::Encoding::kSamples) {
      std::optional<std::string> samples = LosslessSamples(stream, pixels * (image.rgb ? 3 : 1));
      if (!samples) return false;
      image.data = std::move(*samples);
    }
    if (image.soft_mask) {
      QPDFObjectHandle smask = stream.getDict().getKey("/SMask");
      if (!smask.isStream()) return false;
      std::optional<std::string> alpha = LosslessSamples(smask, pixels);
      if (!alpha) return false;
      image.alpha = std::move(*alpha);
    }
    return true;
  } catch (const std::exception&) {
    return false;  // a filter that fails on this data, or a file qpdf cannot read
  }
}

}  // namespace docflow
