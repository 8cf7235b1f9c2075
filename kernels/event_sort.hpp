// In-place heapsort of one bin's capacity events by time: O(n log n), no recursion and no extra
// memory, so it runs inside one GPU thread as well as on the CPU. Events at the same time are
// ordered by their change, gains first (a spare taking a position at the instant another is
// lost is no dip below a threshold): (time, change) is a total order on what a crossing can
// see, so the result does not depend on the order the replays wrote the events in.
#pragma once

#include "record.hpp"

namespace orb {

ORB_HD_INLINE bool event_before(const CapacityEvent& a, const CapacityEvent& b) {
  return a.offset_days < b.offset_days || (a.offset_days == b.offset_days && a.drop() < b.drop());
}

ORB_HD_INLINE void sift_down(Strided<CapacityEvent> e, int root, int n) {
  for (;;) {
    int child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && event_before(e[child], e[child + 1])) ++child;
    if (!event_before(e[root], e[child])) return;
    const CapacityEvent tmp = e[root];
    e[root] = e[child];
    e[child] = tmp;
    root = child;
  }
}

ORB_HD_INLINE void sort_events_by_time(Strided<CapacityEvent> e, int n) {
  for (int i = n / 2 - 1; i >= 0; --i) sift_down(e, i, n);
  for (int end = n - 1; end > 0; --end) {
    const CapacityEvent tmp = e[0];
    e[0] = e[end];
    e[end] = tmp;
    sift_down(e, 0, end);
  }
}

}  // namespace orb
