// Stage "extract": pages + classification -> {"fields": {name: Field}}.
// With extract.embedded_xml (default on), an invoice XML embedded in the PDF
// (header "embedded", from preprocess) supplies the invoice fields too, and
// the DONE header gets "embedded": {source, syntax, disagreements}. When the
// fields show the class was wrong (class_review.h), the DONE header carries
// the revised "classification" and no fields.
#include "extractors/class_review.h"
#include "extractors/embedded_invoice.h"
#include "extractors/extractor.h"
#include "workers/stage_handler.h"

namespace docflow {
namespace {

class ExtractStage : public StageHandler {
 public:
  explicit ExtractStage(bool use_embedded) : use_embedded_(use_embedded) {}
  std::string stage() const override { return "extract"; }
  Result<Payload> Handle(long long, long long, const Payload& in) override {
    auto pages = PagesFromPayload(in);
    if (!pages) return pages.error();
    Classification c;
    try {
      c = in.header.at("classification").get<Classification>();
    } catch (const nlohmann::json::exception& e) {
      return Permanent(std::string("extract input has no classification: ") + e.what());
    }
    Payload p;
    p.header["fields"] = nlohmann::json::object();
    Fields fields = Extract(c, *pages);
    if (use_embedded_ && in.header.contains("embedded")) {
      std::vector<EmbeddedFile> files;
      try {
        files = in.header.at("embedded").get<std::vector<EmbeddedFile>>();
      } catch (const nlohmann::json::exception& e) {
        return Permanent(std::string("malformed embedded files in extract input: ") + e.what());
      }
      nlohmann::json used = embedded::ApplyEmbedded(c, files, fields);
      if (!used.is_null()) p.header["embedded"] = std::move(used);
    }
    // A contract without parties the model was unsure of, or a template:
    // "other" from here on (class_review.h), without the contract's fields;
    // an order form the model took for an invoice: a contract, with the
    // contract's fields.
    if (auto revised = ReviewClass(c, fields, *pages)) {
      p.header["classification"] = *revised;
      if (revised->label == "other") return p;
      fields = Extract(*revised, *pages);
    }
    for (const auto& [name, field] : fields) p.header["fields"][name] = field;
    return p;
  }

 private:
  bool use_embedded_;
};

}  // namespace

std::unique_ptr<StageHandler> MakeExtractStage(const Config& config) {
  return std::make_unique<ExtractStage>(config.Bool("extract.embedded_xml"));
}

}  // namespace docflow
