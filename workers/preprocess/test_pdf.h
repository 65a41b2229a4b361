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

// A PDF whose pages each have a content stream and, optionally, a gray JPEG
// image (DCTDecode) drawn over the whole A4 page, like a scanner's output, or
// where `placement` puts it; or another image, as `filter` and `smask` say.
// Helvetica is /F1, the image /Im1.
struct PdfPage {
  std::string content;   // drawn after the image
  std::string image;     // the image stream as stored (a JPEG by default); empty: no image
  int width = 0, height = 0;  // the image's pixel size
  std::string filter = "/Filter /DCTDecode";  // the image's filter entries (empty: samples stored as they are)
  std::string smask;     // a soft mask's samples, stored as they are (width x height bytes); empty: none
  std::string smask_keys;  // more entries for the soft mask's dictionary ("/Matte [1]")
  int smask_width = 0, smask_height = 0;  // the soft mask's size; 0: the image's
  std::string placement = "595 0 0 842 0 0";  // the image's cm matrix: the whole page by default
  std::string image_keys;  // more entries for the image's dictionary ("/Decode [1 0]")
  std::string boxes = "/MediaBox [0 0 595 842]";  // the page's boxes
  std::string colour_space = "/DeviceGray";
};

inline std::string MakePdfWithImages(const std::vector<PdfPage>& pages) {
  std::vector<std::string> objs;
  std::string kids;
  // 1 catalog, 2 pages, 3 font, then per page: page, contents, image;
  // then the soft masks.
  for (size_t i = 0; i < pages.size(); ++i) kids += std::to_string(4 + 3 * i) + " 0 R ";
  std::vector<std::string> masks;
  objs.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  objs.push_back("<< /Type /Pages /Kids [ " + kids + "] /Count " + std::to_string(pages.size()) + " >>");
  objs.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  for (size_t i = 0; i < pages.size(); ++i) {
    const PdfPage& pg = pages[i];
    std::string img_ref = std::to_string(6 + 3 * i) + " 0 R";
    std::string content = pg.image.empty() ? pg.content : "q " + pg.placement + " cm /Im1 Do Q\n" + pg.content;
    objs.push_back("<< /Type /Page /Parent 2 0 R " + pg.boxes + " /Resources << /Font << /F1 3 0 R >>" +
                   (pg.image.empty() ? std::string() : " /XObject << /Im1 " + img_ref + " >>") +
                   " >> /Contents " + std::to_string(5 + 3 * i) + " 0 R >>");
    objs.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream");
    if (pg.image.empty()) {
      objs.push_back("<< >>");  // unused slot keeps the numbering regular
    } else {
      std::string smask;
      if (!pg.smask.empty()) {
        smask = " /SMask " + std::to_string(3 + 3 * pages.size() + masks.size() + 1) + " 0 R";
        masks.push_back("<< /Type /XObject /Subtype /Image /Width " +
                        std::to_string(pg.smask_width ? pg.smask_width : pg.width) + " /Height " +
                        std::to_string(pg.smask_height ? pg.smask_height : pg.height) + " /ColorSpace /DeviceGray /BitsPerComponent 8 " + pg.smask_keys + " /Length " +
                        std::to_string(pg.smask.size()) + " >>\nstream\n" + pg.smask + "\nendstream");
      }
      objs.push_back("<< /Type /XObject /Subtype /Image /Width " + std::to_string(pg.width) + " /Height " +
                     std::to_string(pg.height) + " /ColorSpace " + pg.colour_space + " /BitsPerComponent 8 " +
                     pg.filter + " " + pg.image_keys + smask + " /Length " + std::to_string(pg.image.size()) +
                     " >>\nstream\n" + pg.image + "\nendstream");
    }
  }
  objs.insert(objs.end(), masks.begin(), masks.end());
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
  out += "trailer\n<< /Size " + std::to_string(objs.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}

}  // namespace docflow::test_pdf
