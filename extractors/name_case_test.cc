#include "extractors/name_case.h"

#include <gtest/gtest.h>

namespace docflow::contact {
namespace {

TEST(PersonNameCase, CapitalsBecomeNameCaseEnglishAndFrench) {
  EXPECT_EQ(PersonNameCase("OLIVIA HARTLEY"), "Olivia Hartley");
  EXPECT_EQ(PersonNameCase("HÉLÈNE DELMAS"), "Hélène Delmas");
  EXPECT_EQ(PersonNameCase("JEAN-PIERRE O'NEIL"), "Jean-Pierre O'Neil");
  EXPECT_EQ(PersonNameCase("ÉMILIE DE LA TOUR"), "Émilie de la Tour");
  EXPECT_EQ(PersonNameCase("PIETER VAN DIJK"), "Pieter van Dijk");
  EXPECT_EQ(PersonNameCase("CHARLES D'ARTAGNAN"), "Charles d'Artagnan");
}

TEST(PersonNameCase, NamesWithLowerCaseAreKeptAsPrinted) {
  EXPECT_EQ(PersonNameCase("Olivia Hartley"), "Olivia Hartley");
  EXPECT_EQ(PersonNameCase("Ewan McNEIL"), "Ewan McNEIL");
  EXPECT_EQ(PersonNameCase("Hélène DELMAS"), "Hélène DELMAS");  // é: a lower-case letter, kept
  EXPECT_EQ(PersonNameCase("J"), "J");                          // one capital: an initial
  EXPECT_EQ(PersonNameCase(""), "");
}

TEST(PersonNameCase, FirstWordParticleIsCapitalised) {
  EXPECT_EQ(PersonNameCase("DE GAULLE"), "De Gaulle");
  EXPECT_EQ(PersonNameCase("VAN GOGH VINCENT"), "Van Gogh Vincent");
}

}  // namespace
}  // namespace docflow::contact
