// An indexed binary min-heap of event sources: every source (a satellite, a debris group, the
// next bin edge, ...) has one pending time, updated in place. Equal times pop in source-id
// order: (time, id) is a strict total order, so the processing order, and hence every result,
// is deterministic and does not depend on how the heap happens to be arranged inside.
#pragma once

#include "hd.hpp"

namespace orb {

class EventQueue {
 public:
  // key/id/pos: caller-owned arrays of n entries (the trial workspace); a view, so every
  // stage of a trial can attach to the same queue.
  ORB_HD_INLINE EventQueue(Strided<double> key, Strided<int32_t> id, Strided<int32_t> pos, int32_t n)
      : key_(key), id_(id), pos_(pos), n_(n) {}

  // Every source idle (kInfinity).
  ORB_HD void init() {
    for (int32_t i = 0; i < n_; ++i) key_[i] = kInfinity, id_[i] = i, pos_[i] = i;
  }
  // Many pending times at once: write them with preset() after init(), then heapify() once
  // (Floyd, O(n)) instead of n sift-ups.
  ORB_HD_INLINE void preset(int32_t source, double t) { key_[source] = t; }
  ORB_HD void heapify() {
    for (int32_t i = n_ / 2 - 1; i >= 0; --i) sift_down(i);
  }

  ORB_HD_INLINE double top_time() const { return key_[0]; }
  ORB_HD_INLINE int32_t top_id() const { return id_[0]; }

  // Sets source `source`'s pending time (kInfinity: nothing pending).
  ORB_HD_INLINE void set(int32_t source, double t) {
    const int32_t p = pos_[source];
    const double old = key_[p];
    key_[p] = t;
    if (before(t, source, old, source)) sift_up(p);
    else sift_down(p);
  }

 private:
  ORB_HD_INLINE static bool before(double ta, int32_t a, double tb, int32_t b) {
    return ta < tb || (ta == tb && a < b);
  }
  ORB_HD_INLINE bool less(int32_t i, int32_t j) const { return before(key_[i], id_[i], key_[j], id_[j]); }
  ORB_HD_INLINE void swap(int32_t i, int32_t j) {
    const double k = key_[i];
    key_[i] = key_[j], key_[j] = k;
    const int32_t d = id_[i];
    id_[i] = id_[j], id_[j] = d;
    pos_[id_[i]] = i, pos_[id_[j]] = j;
  }
  ORB_HD_INLINE void sift_up(int32_t i) {
    while (i > 0) {
      const int32_t parent = (i - 1) / 2;
      if (!less(i, parent)) return;
      swap(i, parent);
      i = parent;
    }
  }
  ORB_HD_INLINE void sift_down(int32_t i) {
    for (;;) {
      const int32_t l = 2 * i + 1, r = l + 1;
      int32_t m = i;
      if (l < n_ && less(l, m)) m = l;
      if (r < n_ && less(r, m)) m = r;
      if (m == i) return;
      swap(i, m);
      i = m;
    }
  }

  Strided<double> key_;
  Strided<int32_t> id_;
  Strided<int32_t> pos_;
  int32_t n_;
};

}  // namespace orb
