// Tests of the trained classifier: model file format, features, training
// determinism, the reproduction of a stored training run, and the shipped
// model on the project's own samples.
//
// Data (classifiers/model/): samples/truth.jsonl (the texts docflow reads
// from samples/, written by `docflow train samples --dump-texts ...`),
// synthetic/truth.jsonl (make_synthetic.py), samples-expected.json (the
// predictions of a model retrained on those two; regenerate with
// DOCFLOW_UPDATE_EXPECTED=1 after an intended change).
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "classifiers/classifier.h"
#include "classifiers/classifier_features.h"
#include "classifiers/model.h"
#include "classifiers/trainer.h"
#include "common/paths.h"

namespace docflow {
namespace {

using namespace classifier_model;
using namespace classifier_train;
using nlohmann::json;

const std::string kDataDir = DOCFLOW_CLASSIFIER_DATA_DIR;

std::vector<Example> ExamplesOf(const std::string& dir) {
  auto entries = ReadTruth(dir);
  EXPECT_TRUE(entries) << (entries ? "" : entries.error().message);
  std::vector<Example> out;
  if (!entries) return out;
  for (const auto& e : *entries) {
    EXPECT_TRUE(e.text.has_value()) << e.id;
    out.push_back(Example{e.id, LabelIndex(e.label), DocText{e.text.value_or(""), e.pages}});
  }
  return out;
}

std::vector<Page> PagesOf(const std::string& text) {
  Page p;
  p.source = "text-layer";
  p.text = text;
  return {p};
}

int Argmax(const Probs& p) { return static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin()); }

TEST(ClassifierFeatures, SortedUniqueAndDeterministic) {
  DocText d{"FACTURE N° 12\nTotal TTC 1 234,56 €\nFacture facture", 1};
  SparseVec a = Featurize(d), b = Featurize(d);
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  for (size_t i = 1; i < a.size(); ++i) EXPECT_LT(a[i - 1].first, a[i].first);
  for (const auto& [i, v] : a) {
    EXPECT_LT(i, kDim);
    EXPECT_TRUE(std::isfinite(v));
  }
}

TEST(ClassifierFeatures, DenseLayoutFeatures) {
  auto dense = [](const std::string& text) {
    std::map<uint32_t, float> m;
    for (const auto& [i, v] : Featurize(DocText{text, 1}))
      if (i >= kHashSize) m[i - kHashSize] = v;
    return m;
  };
  auto vcard = dense("BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nEMAIL:jane@example.com\nEND:VCARD\n");
  auto prose = dense("The council voted on Tuesday to extend the network of cycling lanes.");
  EXPECT_EQ(vcard.count(8), 1u);   // vCard marker
  EXPECT_EQ(prose.count(8), 0u);
  EXPECT_EQ(vcard.count(5), 1u);   // e-mail
  EXPECT_EQ(prose.count(5), 0u);
  auto inv = dense("Total 12,50 €\nTVA 2,50 €\nNet 10,00 €");
  EXPECT_EQ(inv.count(21), 1u);    // amounts with a currency
}

TEST(ClassifierFeatures, OcrNoiseKeepsMostCharacterNgrams) {
  // Character n-grams make a damaged word share features with the clean one.
  SparseVec clean = Featurize(DocText{"agreement", 1});
  SparseVec noisy = Featurize(DocText{"agreernent", 1});
  std::set<uint32_t> a, shared;
  for (const auto& [i, v] : clean) a.insert(i);
  for (const auto& [i, v] : noisy)
    if (a.count(i) && i < kHashSize) shared.insert(i);
  EXPECT_GE(shared.size(), 3u);
}

TEST(ClassifierModel, SerializeParseRoundTrip) {
  Model m;
  m.SetRow(7, {0.5f, -0.25f, 0.f, 1.f});
  m.SetRow(kHashSize + 3, {-2.f, 0.125f, 0.75f, 0.f});
  m.SetBias({0.1f, 0.2f, -0.3f, 0.f});
  m.set_temperature(1.7);
  m.info() = "test model";
  auto p = Model::Parse(m.Serialize());
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->rows(), 2u);
  EXPECT_DOUBLE_EQ(p->temperature(), 1.7);
  EXPECT_EQ(p->info(), "test model");
  SparseVec x = {{7, 1.0f}, {kHashSize + 3, 0.5f}, {99, 3.0f}};
  Logits a = m.Score(x), b = p->Score(x);
  for (int k = 0; k < kNumClasses; ++k) EXPECT_NEAR(a[k], b[k], 1e-4);
  EXPECT_EQ(p->Serialize(), m.Serialize());
}

TEST(ClassifierModel, RejectsBrokenFiles) {
  EXPECT_FALSE(Model::Parse(""));
  EXPECT_FALSE(Model::Parse("not a model"));
  EXPECT_FALSE(Model::Parse("docflow-classifier-model 2\n"));
  std::string good = Model().Serialize();
  auto bits = good;
  bits.replace(bits.find("hash_bits 18"), 12, "hash_bits 16");
  EXPECT_FALSE(Model::Parse(bits));
  auto truncated = good;
  truncated.replace(truncated.find("rows 0"), 6, "rows 2\n5 1 1 1 1");
  EXPECT_FALSE(Model::Parse(truncated));
  EXPECT_TRUE(Model::Parse(good));
}

TEST(ClassifierModel, TemperatureFlattensProbabilities) {
  Logits z = {2.0, 0.5, 0.0, -1.0};
  Probs sharp = Softmax(z, 0.5), flat = Softmax(z, 3.0);
  double s = 0;
  for (double p : flat) s += p;
  EXPECT_NEAR(s, 1.0, 1e-12);
  EXPECT_GT(sharp[0], flat[0]);
  EXPECT_EQ(Argmax(sharp), Argmax(flat));
}

TEST(ClassifierTraining, HoldoutSplitIsDeterministicAndProportional) {
  int held = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string id = "corpus/files/doc-" + std::to_string(i) + ".pdf";
    bool h = InHoldout(id, 0.3, 0);
    EXPECT_EQ(h, InHoldout(id, 0.3, 0));
    held += h;
    EXPECT_FALSE(InHoldout(id, 0.0, 0));
  }
  EXPECT_GT(held, 2000 * 0.25);
  EXPECT_LT(held, 2000 * 0.35);
  int moved = 0;  // another seed gives another split
  for (int i = 0; i < 200; ++i) {
    std::string id = "x/" + std::to_string(i);
    moved += InHoldout(id, 0.3, 0) != InHoldout(id, 0.3, 1);
  }
  EXPECT_GT(moved, 10);
}

TEST(ClassifierTraining, ReadsInlineTextCorpus) {
  auto e = ReadTruth(kDataDir + "/synthetic");
  ASSERT_TRUE(e) << e.error().message;
  std::set<std::string> labels, ids;
  for (const auto& x : *e) {
    labels.insert(x.label);
    ids.insert(x.id);
    EXPECT_TRUE(x.text && !x.text->empty());
  }
  EXPECT_EQ(labels.size(), 4u);
  EXPECT_EQ(ids.size(), e->size());  // ids are unique
  EXPECT_FALSE(ReadTruth(kDataDir + "/no-such-dir"));
}

TEST(ClassifierTraining, TextCacheRoundTrip) {
  std::string path = ::testing::TempDir() + "/classifier-cache-test.jsonl";
  TextCache c;
  c.Put("abc", "x.pdf", DocText{"Facture\fpage 2 é", 2});
  ASSERT_TRUE(c.Save(path));
  TextCache d;
  ASSERT_TRUE(d.Load(path));
  const DocText* t = d.Find("abc");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->text, "Facture\fpage 2 é");
  EXPECT_EQ(t->pages, 2u);
  EXPECT_EQ(d.Find("nope"), nullptr);
  TextCache missing;
  EXPECT_TRUE(missing.Load(path + ".missing"));
  EXPECT_EQ(missing.size(), 0u);
}

TEST(ClassifierTraining, SameInputsGiveTheSameModel) {
  std::vector<Example> ex = ExamplesOf(kDataDir + "/synthetic");
  ex.resize(std::min<size_t>(ex.size(), 200));
  TrainOptions o;
  o.l2_grid = {1e-3};
  o.folds = 3;
  auto a = Train(ex, o);
  o.threads = 1;  // the thread count must not matter
  auto b = Train(ex, o);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->model.Serialize(), b->model.Serialize());
  EXPECT_GT(a->temperature, 0);
  Evaluation e = Evaluate(a->model, ex);
  EXPECT_GE(e.accuracy(), 0.97);  // resubstitution
}

// Retraining on the project's own texts reproduces the stored predictions.
TEST(ClassifierTraining, RetrainingReproducesStoredExpectation) {
  std::vector<Example> ex = ExamplesOf(kDataDir + "/samples");
  std::vector<Example> syn = ExamplesOf(kDataDir + "/synthetic");
  ex.insert(ex.end(), syn.begin(), syn.end());
  ASSERT_GE(ex.size(), 50u);
  TrainOptions o;  // defaults, seed 0
  auto r = Train(ex, o);
  ASSERT_TRUE(r) << r.error().message;
  json got = json::object();
  for (const auto& e : ex) {
    Probs p = r->model.Predict(Featurize(e.doc));
    int k = Argmax(p);
    got[e.id] = {{"label", classifier_internal::kLabels[k]}, {"p", std::round(p[k] * 1000) / 1000}};
  }
  json expected_file{{"l2", r->l2}, {"temperature", std::round(r->temperature * 1000) / 1000},
                     {"predictions", got}};
  const std::string path = kDataDir + "/samples-expected.json";
  if (const char* u = std::getenv("DOCFLOW_UPDATE_EXPECTED"); u && std::string(u) == "1") {
    ASSERT_TRUE(WriteFileDurably(path, expected_file.dump(1) + "\n"));
    GTEST_SKIP() << "wrote " << path;
  }
  auto text = ReadFile(path);
  ASSERT_TRUE(text) << text.error().message;
  json want = json::parse(*text);
  EXPECT_DOUBLE_EQ(want["l2"].get<double>(), r->l2);
  EXPECT_NEAR(want["temperature"].get<double>(), r->temperature, 2e-3);
  ASSERT_EQ(want["predictions"].size(), got.size());
  for (auto& [id, w] : want["predictions"].items()) {
    ASSERT_TRUE(got.contains(id)) << id;
    EXPECT_EQ(got[id]["label"], w["label"]) << id;
    EXPECT_NEAR(got[id]["p"].get<double>(), w["p"].get<double>(), 2e-3) << id;
  }
}

TEST(ShippedModel, IsTheEmbeddedFileAndParses) {
  auto file = ReadFile(kDataDir + "/classifier.model");
  ASSERT_TRUE(file);
  EXPECT_EQ(EmbeddedModelData(), *file) << "rebuild: the embedded model differs from the file";
  auto m = Model::Parse(EmbeddedModelData());
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_GT(m->rows(), 1000u);
  EXPECT_GT(m->temperature(), 0.0);
  EXPECT_LT(file->size(), 2u << 20);
}

TEST(ShippedModel, ClassifiesTheProjectSamples) {
  for (const auto& e : ExamplesOf(kDataDir + "/samples")) {
    Probs p;
    std::vector<Page> pages;  // the pages back from the \f-joined text
    size_t b = 0;
    for (size_t i = 0; i <= e.doc.text.size(); ++i)
      if (i == e.doc.text.size() || e.doc.text[i] == '\f') {
        pages.push_back(PagesOf(e.doc.text.substr(b, i - b))[0]);
        b = i + 1;
      }
    ASSERT_EQ(pages.size(), e.doc.pages) << e.id;
    Classification c = classifier_internal::ClassifyWith(ShippedModel(), pages, ClassifyOptions{}, &p);
    EXPECT_EQ(c.label, classifier_internal::kLabels[e.label]) << e.id;
    EXPECT_NE(c.subtype, kNeedsReview) << e.id;
    EXPECT_GE(c.confidence, 0.6) << e.id;
  }
}

TEST(ShippedModel, ProjectTextsAreClassifiedCorrectly) {
  std::vector<Example> ex = ExamplesOf(kDataDir + "/synthetic");
  Evaluation e = Evaluate(ShippedModel(), ex);
  EXPECT_GE(e.accuracy(), 0.97) << FormatEvaluation(e);
}

TEST(ShippedModel, QrCardPayloadsAreContacts) {
  // A decoded QR code as the page text, or stored by preprocess beside an
  // image without readable text (any key of the page's preprocess record).
  Classification text = Classify(PagesOf("MECARD:N:Owen,Sean;TEL:+12125658770;EMAIL:srowen@google.com;;"));
  EXPECT_EQ(text.label, "contact");
  Page p;
  p.source = "ocr";
  p.text = " ";
  p.preprocess = {{"mime", "image/png"},
                  {"qr", json::array({"BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nTEL:+33612345678\nEND:VCARD"})}};
  Classification image = Classify({p});
  EXPECT_EQ(image.label, "contact");
  EXPECT_GE(image.confidence, 0.7);
  p.preprocess = {{"mime", "image/png"}};
  EXPECT_EQ(Classify({p}).label, "other");  // no text, no payload
}

TEST(Threshold, UnsureDocumentsAreOtherAndFlagged) {
  // A text with a little of every class (a contact's name, a total, an
  // agreement's clause): the model is unsure.
  auto pages = PagesOf("Claire Martin, Sales Director\nMeeting notes: the agreement and the invoice\n"
                       "Total 120.00 EUR\nThis agreement is governed by French law.\n");
  Probs p;
  Classification lax = classifier_internal::ClassifyWith(ShippedModel(), pages, ClassifyOptions{0.0}, &p);
  EXPECT_EQ(lax.label, classifier_internal::kLabels[Argmax(p)]);
  EXPECT_NE(lax.subtype, kNeedsReview);
  EXPECT_NEAR(lax.confidence, p[Argmax(p)], 1e-12);
  // A threshold above the most probable class's probability flags it.
  const double top = p[Argmax(p)];
  ASSERT_LT(top, 0.9999);
  Classification strict =
      classifier_internal::ClassifyWith(ShippedModel(), pages, ClassifyOptions{(top + 1.0) / 2}, &p);
  EXPECT_EQ(strict.label, "other");
  EXPECT_EQ(strict.subtype, kNeedsReview);
  EXPECT_NEAR(strict.confidence, p[classifier_internal::kOther], 1e-12);
  // The flagged document still says what it was torn between: every class's
  // probability, the most probable one included, and they round-trip as JSON.
  ASSERT_EQ(strict.scores.size(), 4u);
  const char* top_label = classifier_internal::kLabels[Argmax(p)];
  EXPECT_NEAR(strict.scores.at(top_label), top, 1e-4);
  double sum = 0;
  for (const auto& [label, score] : strict.scores) sum += score;
  EXPECT_NEAR(sum, 1.0, 1e-3);
  EXPECT_EQ(nlohmann::json(strict).get<Classification>().scores, strict.scores);
  // No text: no model, no scores.
  EXPECT_TRUE(Classify(PagesOf("")).scores.empty());
}

}  // namespace
}  // namespace docflow
