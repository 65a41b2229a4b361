// The data that flows between stages: pages, words, classification, fields.
// This header is the one definition of the stage contracts; docs/protocol.md
// describes how they travel on the wire (JSON header + binary frames).
//
// All types are plain values (copyable, no shared state).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace docflow {

// A rectangle in page pixel coordinates (origin top-left).
struct Box {
  int x = 0, y = 0, w = 0, h = 0;
};

// One recognised word with its bounding box and confidence (0-100).
struct Word {
  std::string text;
  float confidence = 0;
  Box box;
  int block = 0, line = 0;  // Tesseract block / line numbers, for layout
};

// One page of a document.
//  - source "text-layer": text came from the PDF text layer; image is empty.
//  - source "image": needs OCR; image holds encoded PNG bytes until the OCR
//    stage replaces text/words and sets source to "ocr". A mixed page (text
//    layer + text in images) is an "image" page with layer_words set.
struct Page {
  int index = 0;  // 0-based
  std::string source;
  std::string text;
  double mean_confidence = 0;  // 0-100; 100 for a text layer
  std::vector<Word> words;
  int width = 0, height = 0, dpi = 0;
  std::string image;            // encoded PNG (binary); never put in JSON
  std::string image_sha256;     // set by the broker when the image is in the blob store
  nlohmann::json preprocess = nlohmann::json::object();  // steps recorded (angle, dpi, timings)
  // Machine-readable codes found on the page image (QR codes etc.), decoded
  // text in reading order; empty for text-layer pages without images.
  std::vector<std::string> codes;
  // A PDF page with a usable text layer that also shows text in images
  // ("mixed" page): the text layer's words, in pixels of `image`, kept so the
  // OCR stage can merge them with what it reads in the images (the layer's
  // words win where both overlap). Empty for every other page.
  std::vector<Word> layer_words;
};

struct Classification {
  std::string label = "other";  // invoice | contract | contact | other
  double confidence = 0;        // 0-1
  std::string subtype;          // e.g. receipt, credit_note (may be empty)
  // The model's probability of every class (label -> 0-1), so that a
  // document flagged for review shows what it was torn between; empty when
  // the classifier did not run the model (no text).
  std::map<std::string, double> scores;
};

// One extracted field. value is a JSON string, number or list (parties).
struct Field {
  nlohmann::json value;
  double confidence = 0;  // 0-1
  int page = -1;          // -1 when unknown
  std::optional<Box> box;
  std::string method;             // e.g. "regex", "label-right", "text-layer"
  std::string extractor_version;  // e.g. "invoice/1"
};

using Fields = std::map<std::string, Field>;

// A structured file embedded in a PDF that the extract stage may read: the
// invoice XML of Factur-X / ZUGFeRD / XRechnung (name as stored in the PDF,
// never used as a path; mime as declared, may be empty; xml: the bytes, UTF-8
// text). Only XML attachments travel (workers/preprocess/embedded_files.h).
struct EmbeddedFile {
  std::string name;
  std::string mime;
  std::string xml;
};

// JSON forms (the wire and database representation). Page JSON never carries
// the image bytes; those travel as frames (see docs/protocol.md).
void to_json(nlohmann::json& j, const Box& b);
void from_json(const nlohmann::json& j, Box& b);
void to_json(nlohmann::json& j, const Word& w);
void from_json(const nlohmann::json& j, Word& w);
void to_json(nlohmann::json& j, const Page& p);
void from_json(const nlohmann::json& j, Page& p);
void to_json(nlohmann::json& j, const Classification& c);
void from_json(const nlohmann::json& j, Classification& c);
void to_json(nlohmann::json& j, const Field& f);
void from_json(const nlohmann::json& j, Field& f);
void to_json(nlohmann::json& j, const EmbeddedFile& e);
void from_json(const nlohmann::json& j, EmbeddedFile& e);

// The page's text rebuilt from its words (a line break between Tesseract
// lines or blocks, a space between words); "" when it has no words.
std::string TextFromWords(const Page& page);

// The median width of one character of the words (box width over UTF-8
// code points), in pixels; 0 without words.
double MedianCharWidth(const std::vector<Word>& words);

// How many characters the words span across the page: leftmost to
// rightmost word over MedianCharWidth (a till receipt holds 30-50, a letter
// or an invoice 80 and more); 0 without words.
double CharactersAcross(const std::vector<Word>& words);

// Joins the text of all pages with form feeds between them.
std::string JoinedText(const std::vector<Page>& pages);

}  // namespace docflow
