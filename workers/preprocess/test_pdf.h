// Test helper: writes small, valid PDFs by hand (no external files).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace docflow::test_pdf {

// A minimal valid PDF: one A4 page (595x842 pt) per content stream,
// Helvetica as /F1, correct xref offsets.
// With encrypted set, the trailer names a standard security handler whose
// /U entry matches no password, so the file needs one to open.
inline std::string MakePdf(const std::vector<std::string>& contents, int rotate = 0, bool encrypted = false) {
  std::vector<std::string> objs;
  std::string kids;
  for (size_t i = 0; i < contents.size(); ++i) kids += std::to_string(4 + 2 * i) + " 0 R ";
  objs.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  objs.push_back("<< /Type /Pages /Kids [ " + kids + "] /Count " + std::to_string(contents.size()) + " >>");
  objs.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  for (size_t i = 0; i < contents.size(); ++i) {
    std::string page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents " +
                       std::to_string(5 + 2 * i) + " 0 R";
    if (rotate != 0) page += " /Rotate " + std::to_string(rotate);
    page += " >>";
    objs.push_back(page);
    objs.push_back("<< /Length " + std::to_string(contents[i].size()) + " >>\nstream\n" + contents[i] +
                   "\nendstream");
  }
  if (encrypted) {
    objs.push_back("<< /Filter /Standard /V 1 /R 2 /P -4 /O <" + std::string(64, 'A') + "> /U <" +
                   std::string(64, '7') + "> >>");
  }
  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objs.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
  }
  size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objs.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    out += line;
  }
  std::string extra;
  if (encrypted) {
    extra = " /Encrypt " + std::to_string(objs.size()) + " 0 R /ID [<" + std::string(32, 'B') + "> <" +
            std::string(32, 'B') + ">]";
  }
  out += "trailer\n<< /Size " + std::to_string(objs.size() + 1) + " /Root 1 0 R" + extra + " >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}

}  // namespace docflow::test_pdf
