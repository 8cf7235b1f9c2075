// In-place heapsort: O(n log n), no recursion and no extra memory, so it runs inside one GPU
// thread as well as on the CPU. Used for one bin's capacity events (threshold crossings) and for
// the satellites' death calendar (event_calendar.hpp).
#pragma once

#include "record.hpp"

namespace orb {

template <class T, class Less>
ORB_HD_INLINE void sift_down(Strided<T> e, int root, int n, const Less& less) {
  for (;;) {
    int child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && less(e[child], e[child + 1])) ++child;
    if (!less(e[root], e[child])) return;
    const T tmp = e[root];
    e[root] = e[child];
    e[child] = tmp;
    root = child;
  }
}

template <class T, class Less>
ORB_HD_INLINE void heap_sort(Strided<T> e, int n, const Less& less) {
  for (int i = n / 2 - 1; i >= 0; --i) sift_down(e, i, n, less);
  for (int end = n - 1; end > 0; --end) {
    const T tmp = e[0];
    e[0] = e[end];
    e[end] = tmp;
    sift_down(e, 0, end, less);
  }
}

// Events at the same time are ordered by their change, gains first (a spare taking a position at
// the instant another is lost is no dip below a threshold): (time, change) is a total order on
// what a crossing can see, so the result does not depend on the order replays wrote events in.
ORB_HD_INLINE bool event_before(const CapacityEvent& a, const CapacityEvent& b) {
  return a.offset_days < b.offset_days || (a.offset_days == b.offset_days && a.drop() < b.drop());
}

ORB_HD_INLINE void sort_events_by_time(Strided<CapacityEvent> e, int n) {
  heap_sort(e, n, [](const CapacityEvent& a, const CapacityEvent& b) { return event_before(a, b); });
}

}  // namespace orb
