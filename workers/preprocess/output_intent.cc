#include "workers/preprocess/output_intent.h"

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <cstdio>
#include <exception>

namespace docflow {
namespace {

// The offset after the last "startxref", or nullopt.
std::optional<long long> LastStartXref(std::string_view pdf) {
  const size_t tail = pdf.size() > 2048 ? pdf.size() - 2048 : 0;
  size_t at = pdf.rfind("startxref");
  if (at == std::string_view::npos || at < tail) return std::nullopt;
  size_t i = at + 9;
  while (i < pdf.size() && (pdf[i] == ' ' || pdf[i] == '\r' || pdf[i] == '\n' || pdf[i] == '\t')) ++i;
  long long v = 0;
  size_t digits = 0;
  for (; i < pdf.size() && pdf[i] >= '0' && pdf[i] <= '9' && digits < 15; ++i, ++digits) v = v * 10 + (pdf[i] - '0');
  if (digits == 0 || v <= 0 || static_cast<size_t>(v) >= pdf.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::string> WithoutOutputIntents(std::string_view pdf) {
  // Catalogs in plain text show the key; in an object stream it is compressed.
  if (pdf.find("/OutputIntents") == std::string_view::npos && pdf.find("/ObjStm") == std::string_view::npos)
    return std::nullopt;
  const auto prev = LastStartXref(pdf);
  if (!prev) return std::nullopt;
  try {
    QPDF q;
    q.setSuppressWarnings(true);
    q.setAttemptRecovery(false);
    q.processMemoryFile("document", pdf.data(), pdf.size());
    if (q.isEncrypted()) return std::nullopt;
    QPDFObjectHandle trailer = q.getTrailer();
    QPDFObjectHandle root = trailer.getKey("/Root");
    if (!root.isIndirect() || !root.isDictionary() || !root.hasKey("/OutputIntents")) return std::nullopt;
    QPDFObjectHandle size = trailer.getKey("/Size");
    if (!size.isInteger() || q.anyWarnings()) return std::nullopt;
    QPDFObjectHandle catalog = root.shallowCopy();
    catalog.removeKey("/OutputIntents");
    const QPDFObjGen og = root.getObjGen();

    std::string out(pdf);
    out += "\n";
    const size_t offset = out.size();
    out += std::to_string(og.getObj()) + " " + std::to_string(og.getGen()) + " obj\n" + catalog.unparse() +
           "\nendobj\n";
    const size_t xref = out.size();
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu %05d n \n", offset, og.getGen());
    out += "xref\n" + std::to_string(og.getObj()) + " 1\n" + entry;
    out += "trailer\n<< /Size " + std::to_string(size.getIntValue()) + " /Root " + std::to_string(og.getObj()) + " " +
           std::to_string(og.getGen()) + " R /Prev " + std::to_string(*prev);
    for (const char* key : {"/Info", "/ID"}) {
      QPDFObjectHandle v = trailer.getKey(key);
      if (!v.isNull()) out += std::string(" ") + key + " " + v.unparse();
    }
    out += " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace docflow
