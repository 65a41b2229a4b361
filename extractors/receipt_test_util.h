// For extractor tests: a receipt as OCR gives it (one page of text, source
// "ocr", no word boxes), and the invoice fields read from it.
#pragma once

#include <string>

#include "extractors/field_extractors.h"

namespace docflow::testing {

inline Page OcrPage(const std::string& text) {
  Page p;
  p.index = 0;
  p.source = "ocr";
  p.text = text;
  return p;
}

inline Fields ReceiptFields(const std::string& text) {
  Classification c;
  c.label = "invoice";
  return ExtractInvoice(c, {OcrPage(text)});
}

}  // namespace docflow::testing
