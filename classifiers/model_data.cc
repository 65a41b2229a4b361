// The shipped model file, embedded in the binary at build time (so docflow
// needs no data file at run time, from a fresh clone or once installed).
// DOCFLOW_CLASSIFIER_MODEL_FILE is set by classifiers/CMakeLists.txt.
#include "classifiers/model.h"

#ifndef DOCFLOW_CLASSIFIER_MODEL_FILE
#error "DOCFLOW_CLASSIFIER_MODEL_FILE must name the model file"
#endif

__asm__(
    ".pushsection .rodata\n"
    ".global docflow_classifier_model_begin\n"
    ".balign 16\n"
    "docflow_classifier_model_begin:\n"
    ".incbin \"" DOCFLOW_CLASSIFIER_MODEL_FILE "\"\n"
    ".global docflow_classifier_model_end\n"
    "docflow_classifier_model_end:\n"
    ".byte 0\n"
    ".popsection\n");

extern "C" const char docflow_classifier_model_begin[];
extern "C" const char docflow_classifier_model_end[];

namespace docflow::classifier_model {

std::string_view EmbeddedModelData() {
  return std::string_view(docflow_classifier_model_begin,
                          static_cast<size_t>(docflow_classifier_model_end - docflow_classifier_model_begin));
}

}  // namespace docflow::classifier_model
