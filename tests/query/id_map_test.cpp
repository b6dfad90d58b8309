// IdMap (query/id_map.h): what std::unordered_map gave the searches, for
// EntityId keys, through growth.
#include <doctest/doctest.h>

#include <map>
#include <random>

#include "query/id_map.h"

namespace kg::query::internal {
namespace {

TEST_CASE("IdMap keeps the first value of each id, as try_emplace does") {
  IdMap<int> map;
  CHECK_FALSE(map.contains(7));
  CHECK(map.find(7) == nullptr);
  auto [first, inserted] = map.try_emplace(7, 1);
  CHECK(inserted);
  CHECK(*first == 1);
  auto [again, inserted_again] = map.try_emplace(7, 2);
  CHECK_FALSE(inserted_again);
  CHECK(*again == 1);
  map[8] += 5;  // operator[] inserts a value-initialized entry
  CHECK(map.at(8) == 5);
  CHECK(map.size() == 2);
}

// Dense and scattered ids, many growths: the same answers as std::map.
TEST_CASE("IdMap agrees with std::map through growth") {
  std::mt19937_64 random(3);
  IdMap<uint64_t> map;
  std::map<EntityId, uint64_t> expected;
  for (int i = 0; i < 20000; ++i) {
    EntityId id = i % 2 == 0 ? 1 + random() % 5000 : 1 + random();
    uint64_t value = random();
    map.try_emplace(id, value);
    expected.try_emplace(id, value);
  }
  CHECK(map.size() == expected.size());
  for (const auto& [id, value] : expected) {
    REQUIRE(map.contains(id));
    CHECK(map.at(id) == value);
  }
  for (EntityId id = 5001; id < 6000; ++id) CHECK(map.contains(id) == expected.contains(id));
}

}  // namespace
}  // namespace kg::query::internal
