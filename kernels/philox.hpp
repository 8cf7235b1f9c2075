// Philox4x32-10 (Salmon et al., SC'11), the generator behind cuRAND's
// curandStatePhilox4_32_10_t, written portably so CPU and GPU draw identical numbers.
//
// Every random number in orbitrisk is a pure function of (seed, trial, purpose, entity,
// index): the counter encodes where a draw belongs, so no state crosses trials and results
// cannot depend on thread count, batch size, backend, shard or resume point.
#pragma once

#include "hd.hpp"

namespace orb {

struct Philox4x32 {
  uint32_t v[4];
};

ORB_HD_INLINE void philox_mulhilo(uint32_t a, uint32_t b, uint32_t& hi, uint32_t& lo) {
  const uint64_t p = static_cast<uint64_t>(a) * static_cast<uint64_t>(b);
  hi = static_cast<uint32_t>(p >> 32);
  lo = static_cast<uint32_t>(p);
}

// One Philox4x32-10 block: 128-bit counter, 64-bit key, 128 random bits out.
ORB_HD_INLINE Philox4x32 philox4x32_10(Philox4x32 ctr, uint32_t k0, uint32_t k1) {
  constexpr uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
  constexpr uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
  uint32_t x0 = ctr.v[0], x1 = ctr.v[1], x2 = ctr.v[2], x3 = ctr.v[3];
  for (int round = 0; round < 10; ++round) {
    uint32_t hi0, lo0, hi1, lo1;
    philox_mulhilo(kM0, x0, hi0, lo0);
    philox_mulhilo(kM1, x2, hi1, lo1);
    const uint32_t y0 = hi1 ^ x1 ^ k0;
    const uint32_t y2 = hi0 ^ x3 ^ k1;
    x0 = y0;
    x1 = lo1;
    x2 = y2;
    x3 = lo0;
    k0 += kW0;
    k1 += kW1;
  }
  return Philox4x32{{x0, x1, x2, x3}};
}

// Two 32-bit words to a uniform on the open interval (0, 1): 52 random bits centred in their
// cell, so (bits + 0.5) is exact in a double and u lies in [2^-53, 1 - 2^-53]; log(u) and
// log(1 - u) are always finite. (53 bits would round the top cell to exactly 1.0.)
ORB_HD_INLINE double u01_open(uint32_t a, uint32_t b) {
  const uint64_t bits = (static_cast<uint64_t>(a >> 6) << 26) | (b >> 6);
  return (static_cast<double>(bits) + 0.5) * (1.0 / 4503599627370496.0);
}

// What a stream of draws is for. Keeping purposes apart means that changing how many draws
// one process takes never shifts another's numbers (common random numbers across configs).
enum class Purpose : uint32_t {
  kTest = 0,
  kBus = 1,          // entity: satellite slot
  kGpu = 2,          // entity: satellite slot
  kTerminals = 3,    // entity: satellite slot
  kDisposal = 4,     // entity: satellite slot
  kDebrisGroup = 5,  // entity: shell * kGroupKinds + group kind
  kAttribution = 6,  // entity: shell * kGroupKinds + group kind
  kManoeuvres = 7,   // entity: shell
  kSpe = 8,          // entity: 0 (the constellation shares its solar particle events)
  kSel = 9,          // entity: satellite slot
  kTid = 10,         // entity: satellite slot
  kDue = 11,         // entity: shell
  kSdc = 12,         // entity: shell
  kCorrected = 13,   // entity: shell
  kDesign = 14,      // host: sweep designs and their bootstrap (entity: what for; trial: replicate)
  kLaunch = 15,      // entity: shell (replacement launch failures)
};

// A sequential stream of 32-bit draws for one (trial, purpose, entity). Counter layout:
// word 0 = block index within the stream, 1 = entity (e.g. satellite slot), 2 = purpose,
// 3 = trial. Lives in registers; holds no pointer and allocates nothing.
class RngStream {
 public:
  // Starts at word `start` of the stream, so a stream can be resumed where it was left.
  ORB_HD RngStream(uint64_t seed, uint32_t trial, Purpose purpose, uint32_t entity,
                   uint32_t start = 0)
      : k0_(static_cast<uint32_t>(seed)), k1_(static_cast<uint32_t>(seed >> 32)),
        entity_(entity), purpose_(static_cast<uint32_t>(purpose)), trial_(trial),
        block_(start / 4) {
    if (start % 4 != 0) {
      refill();
      used_ = static_cast<int>(start % 4);
    }
  }

  // Words consumed so far: pass it as `start` to resume.
  ORB_HD_INLINE uint32_t position() const { return block_ * 4 - static_cast<uint32_t>(4 - used_); }

  ORB_HD_INLINE uint32_t next_u32() {
    if (used_ == 4) refill();
    return buf_.v[used_++];
  }

  // Uniform on the open interval (0, 1); see u01_open.
  ORB_HD_INLINE double uniform() {
    const uint32_t a = next_u32();
    return u01_open(a, next_u32());
  }

 private:
  ORB_HD_INLINE void refill() {
    buf_ = philox4x32_10(Philox4x32{{block_, entity_, purpose_, trial_}}, k0_, k1_);
    ++block_;
    used_ = 0;
  }

  uint32_t k0_, k1_, entity_, purpose_, trial_;
  uint32_t block_ = 0;
  int used_ = 4;
  Philox4x32 buf_{{0, 0, 0, 0}};
};

}  // namespace orb
