// Test helper: small valid PDFs with embedded files (an EmbeddedFiles name
// tree in the catalog and /AF, as Factur-X / ZUGFeRD attach their XML),
// written by hand like test_pdf.h.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace docflow::test_pdf {

struct Attachment {
  std::string name;     // file name, written as a PDF literal string
  std::string subtype;  // MIME type as a PDF name ("text#2Fxml"); empty: none
  std::string data;     // the file's bytes (stored unfiltered)
  int declared_size = -1;  // /Params /Size; -1: data.size()
};

// Escapes a PDF literal string.
inline std::string PdfLiteral(const std::string& s) {
  std::string out = "(";
  for (char c : s) {
    if (c == '(' || c == ')' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + ")";
}

// One A4 page per content stream (Helvetica /F1), plus the attachments.
inline std::string MakePdfWithAttachments(const std::vector<std::string>& contents,
                                          const std::vector<Attachment>& files) {
  std::vector<std::string> objs;
  // 1 catalog, 2 pages, 3 font, then 2 objects per page, then 2 per file.
  const size_t first_file = 4 + 2 * contents.size();
  std::string kids, names, af;
  for (size_t i = 0; i < contents.size(); ++i) kids += std::to_string(4 + 2 * i) + " 0 R ";
  for (size_t i = 0; i < files.size(); ++i) {
    std::string spec = std::to_string(first_file + 2 * i) + " 0 R";
    names += PdfLiteral(files[i].name) + " " + spec + " ";
    af += spec + " ";
  }
  objs.push_back("<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [ " + names +
                 "] >> >> /AF [ " + af + "] >>");
  objs.push_back("<< /Type /Pages /Kids [ " + kids + "] /Count " + std::to_string(contents.size()) + " >>");
  objs.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  for (size_t i = 0; i < contents.size(); ++i) {
    objs.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                   "/Contents " + std::to_string(5 + 2 * i) + " 0 R >>");
    objs.push_back("<< /Length " + std::to_string(contents[i].size()) + " >>\nstream\n" + contents[i] +
                   "\nendstream");
  }
  for (size_t i = 0; i < files.size(); ++i) {
    const Attachment& f = files[i];
    std::string ef = std::to_string(first_file + 2 * i + 1) + " 0 R";
    objs.push_back("<< /Type /Filespec /F " + PdfLiteral(f.name) + " /UF " + PdfLiteral(f.name) +
                   " /AFRelationship /Data /EF << /F " + ef + " >> >>");
    int size = f.declared_size >= 0 ? f.declared_size : static_cast<int>(f.data.size());
    objs.push_back("<< /Type /EmbeddedFile" + (f.subtype.empty() ? std::string() : " /Subtype /" + f.subtype) +
                   " /Params << /Size " + std::to_string(size) + " >> /Length " + std::to_string(f.data.size()) +
                   " >>\nstream\n" + f.data + "\nendstream");
  }
  std::string out = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
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
  out += "trailer\n<< /Size " + std::to_string(objs.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}

// A content stream printing `lines` top-down in Helvetica 11 (ASCII only).
inline std::string TextContent(const std::vector<std::string>& lines) {
  std::string s = "BT /F1 11 Tf 60 780 Td 14 TL\n";
  for (const auto& l : lines) s += PdfLiteral(l) + " Tj T*\n";
  return s + "ET";
}

}  // namespace docflow::test_pdf
