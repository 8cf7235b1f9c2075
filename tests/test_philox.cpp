// Philox4x32-10: known answers from the Random123 distribution, and bit-for-bit agreement
// with cuRAND's own host generator (curandCreateGeneratorHost runs without a GPU).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "kernels/philox.hpp"

#ifdef ORB_HAVE_CURAND
#include <curand.h>
#endif

namespace {

using orb::Philox4x32;
using orb::philox4x32_10;

void expect_block(Philox4x32 ctr, uint32_t k0, uint32_t k1, Philox4x32 want) {
  const Philox4x32 got = philox4x32_10(ctr, k0, k1);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(got.v[i], want.v[i]) << "word " << i;
}

TEST(Philox, Random123KnownAnswers) {
  expect_block({{0, 0, 0, 0}}, 0, 0, {{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}});
  expect_block({{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}}, 0xffffffffu, 0xffffffffu,
               {{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}});
  expect_block({{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}}, 0xa4093822u, 0x299f31d0u,
               {{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}});
}

// The stream is a plain walk over Philox blocks: word k of stream (seed, trial, purpose,
// entity) is word k%4 of block {k/4, entity, purpose, trial}.
TEST(Philox, StreamCounterLayout) {
  const uint64_t seed = 0x0123456789abcdefull;
  orb::RngStream s(seed, 77, orb::Purpose::kGpu, 12345);
  for (uint32_t k = 0; k < 64; ++k) {
    const Philox4x32 b = philox4x32_10({{k / 4, 12345, static_cast<uint32_t>(orb::Purpose::kGpu), 77}},
                                       static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
    ASSERT_EQ(s.next_u32(), b.v[k % 4]) << "word " << k;
  }
}

TEST(Philox, UniformIsOpenAtBothEnds) {
  const double top = orb::u01_open(0xffffffffu, 0xffffffffu);
  const double bottom = orb::u01_open(0, 0);
  EXPECT_LT(top, 1.0);
  EXPECT_GT(bottom, 0.0);
  EXPECT_EQ(top, 1.0 - 0x1p-53);
  EXPECT_EQ(bottom, 0x1p-53);
  EXPECT_TRUE(std::isfinite(std::log1p(-top)));
  EXPECT_EQ(orb::u01_open(0x80000000u, 0), 0.5 + 0x1p-53);  // top bit is the 1/2 bit
}

TEST(Philox, MatchesCuRandHostGenerator) {
#ifndef ORB_HAVE_CURAND
  GTEST_SKIP() << "built without cuRAND";
#else
  // cuRAND's host generator (default ordering) emits block b of its output from counter
  // {b / 65536, 0, b % 65536, 0} with the 64-bit seed as the key.
  for (const unsigned long long seed : {0ull, 42ull, 0xdeadbeefcafef00dull}) {
    curandGenerator_t gen;
    ASSERT_EQ(curandCreateGeneratorHost(&gen, CURAND_RNG_PSEUDO_PHILOX4_32_10), CURAND_STATUS_SUCCESS);
    ASSERT_EQ(curandSetPseudoRandomGeneratorSeed(gen, seed), CURAND_STATUS_SUCCESS);
    const size_t n = size_t{1} << 20;  // spans 4 values of the high counter word
    std::vector<unsigned int> out(n);
    ASSERT_EQ(curandGenerate(gen, out.data(), n), CURAND_STATUS_SUCCESS);
    curandDestroyGenerator(gen);
    size_t mismatches = 0;
    for (uint32_t b = 0; b < n / 4; ++b) {
      const Philox4x32 mine = philox4x32_10({{b / 65536, 0, b % 65536, 0}},
                                            static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
      for (int w = 0; w < 4; ++w) mismatches += mine.v[w] != out[4 * size_t{b} + w];
    }
    EXPECT_EQ(mismatches, 0u) << "seed " << seed;
  }
#endif
}

}  // namespace
