// tests/query/fixtures.h: the small "AI news" graph most query tests ask.
//
//   Juntang Zhuang -affiliated_with-> Yale
//   Juntang Zhuang -developed-> AdaBelief -based_on-> Adam -based_on-> SGD
//   OpenAI -developed-> GPT-3 -based_on-> transformer <-developed- Google
//   OpenAI -located_in-> San Francisco
//   Ilya Sutskever -affiliated_with-> OpenAI;  Ilya Sutskever -developed-> CLIP
//   CLIP -based_on-> transformer;  GPT-3 -trained_on-> Common Crawl
//   DeepMind -part_of-> Google;  DeepMind -developed-> AlphaZero
//   AlphaZero -outperforms-> Stockfish
#pragma once

#include "tests/support/test_store.h"

namespace kg::testing {

inline const TestStore& AiNews() {
  static const TestStore store({
      {"Juntang Zhuang", kPerson, Relation::kAffiliatedWith, "Yale", kOrg, "a.txt"},
      {"Juntang Zhuang", kPerson, Relation::kDeveloped, "AdaBelief", kTech, "a.txt",
       "Juntang Zhuang and colleagues at Yale proposed AdaBelief."},
      {"AdaBelief", kTech, Relation::kBasedOn, "Adam", kTech, "a.txt",
       "AdaBelief is a variation on Adam."},
      {"Adam", kTech, Relation::kBasedOn, "SGD", kTech, "a.txt"},
      {"OpenAI", kOrg, Relation::kDeveloped, "GPT-3", kTech, "b.txt", "OpenAI released GPT-3."},
      {"OpenAI", kOrg, Relation::kDeveloped, "GPT-3", kTech, "c.txt",
       "GPT-3, built by OpenAI, writes essays."},
      {"GPT-3", kTech, Relation::kBasedOn, "transformer", kTech, "b.txt"},
      {"Google", kOrg, Relation::kDeveloped, "transformer", kTech, "d.txt"},
      {"OpenAI", kOrg, Relation::kLocatedIn, "San Francisco", kPlace, "b.txt"},
      {"Ilya Sutskever", kPerson, Relation::kAffiliatedWith, "OpenAI", kOrg, "e.txt"},
      {"Ilya Sutskever", kPerson, Relation::kDeveloped, "CLIP", kTech, "e.txt"},
      {"CLIP", kTech, Relation::kBasedOn, "transformer", kTech, "e.txt"},
      {"GPT-3", kTech, Relation::kTrainedOn, "Common Crawl", kData, "b.txt"},
      {"DeepMind", kOrg, Relation::kPartOf, "Google", kOrg, "f.txt"},
      {"DeepMind", kOrg, Relation::kDeveloped, "AlphaZero", kTech, "f.txt"},
      {"AlphaZero", kTech, Relation::kOutperforms, "Stockfish", kTech, "f.txt"},
  });
  return store;
}

}  // namespace kg::testing
