// The coupled event loop's queue. Sources are the few shared ones (bin edges, forced events,
// catalogue dates, debris groups, launches) and one per satellite, its death. Keeping all of them
// in one heap made every debris hit pay a sift through a heap as large as the constellation,
// although almost no satellite's death time ever changes. So:
//   - the shared sources live in an indexed heap of their own (EventQueue, a few dozen entries);
//   - the deaths known when satellites are placed form a calendar, sorted once, read in order;
//   - a death that changes afterwards (a debris kill applied in the loop, a spare activating, a
//     replacement) moves to a small heap of its own, and its calendar entry goes stale, as does
//     the entry of a satellite that left.
// The three together pop in the same (time, source) order as one heap of every source, so which
// structure holds a source never shows in a result.
#pragma once

#include "event_queue.hpp"
#include "event_sort.hpp"
#include "hd.hpp"

namespace orb {

constexpr int32_t kNeverMoved = -1;  // late_pos: the death is the calendar's
constexpr int32_t kRetired = -2;     // late_pos: nothing pending (the satellite left)

class EventCalendar {
 public:
  struct Parts {
    EventQueue shared;           // sources [0, first_sat)
    Strided<int32_t> order;      // calendar: slots by (death, slot)
    int32_t& order_n;            // entries in the calendar
    int32_t& order_at;           // the next one not yet read
    Strided<double> late_key;    // late heap: [position] death time
    Strided<int32_t> late_slot;  // [position] slot
    Strided<int32_t> late_pos;   // [slot] position, kNeverMoved or kRetired
    int32_t& late_n;
    Strided<uint8_t> status;     // satellites' SatStatus (0: live)
    Strided<double> death;       // satellites' death times
    int32_t first_sat;           // source id of slot 0
    int32_t n_slots;
  };

  ORB_HD_INLINE explicit EventCalendar(const Parts& p) : p_(p) {}

  ORB_HD void init() {
    p_.shared.init();
    p_.order_n = p_.order_at = p_.late_n = 0;
    for (int32_t s = 0; s < p_.n_slots; ++s) p_.late_pos[s] = kNeverMoved;
  }
  // Before seal(): a shared source's first time, or a satellite's death (its death array holds it).
  ORB_HD_INLINE void preset(int32_t source, double t) {
    if (source < p_.first_sat) p_.shared.preset(source, t);
    else if (t < kInfinity) p_.order[p_.order_n++] = source - p_.first_sat;
  }
  ORB_HD void seal() {
    p_.shared.heapify();
    const Strided<double> death = p_.death;
    heap_sort(p_.order, p_.order_n, [&](int32_t a, int32_t b) { return death[a] < death[b] || (death[a] == death[b] && a < b); });
  }

  // The next event: its time and source.
  ORB_HD_INLINE void top(double& t, int32_t& id) const {
    t = p_.shared.top_time();
    id = p_.shared.top_id();
    while (p_.order_at < p_.order_n) {
      const int32_t s = p_.order[p_.order_at];
      if (p_.late_pos[s] == kNeverMoved && p_.status[s] == 0) {
        consider(p_.death[s], p_.first_sat + s, t, id);
        break;
      }
      ++p_.order_at;  // stale: moved to the late heap, or left
    }
    if (p_.late_n > 0) consider(p_.late_key[0], p_.first_sat + p_.late_slot[0], t, id);
  }

  // Sets a source's pending time (kInfinity: nothing pending).
  ORB_HD_INLINE void set(int32_t source, double t) {
    if (source < p_.first_sat) return p_.shared.set(source, t);
    const int32_t s = source - p_.first_sat;
    const int32_t at = p_.late_pos[s];
    if (at >= 0) {
      const double old = p_.late_key[at];
      p_.late_key[at] = t;
      if (t < old) sift_up(at);
      else sift_down(at);
    } else if (t < kInfinity) {
      const int32_t end = p_.late_n++;
      p_.late_key[end] = t, p_.late_slot[end] = s, p_.late_pos[s] = end;
      sift_up(end);
    } else {
      p_.late_pos[s] = kRetired;
    }
  }

 private:
  ORB_HD_INLINE static void consider(double t, int32_t id, double& best_t, int32_t& best_id) {
    if (t < best_t || (t == best_t && id < best_id)) best_t = t, best_id = id;
  }
  ORB_HD_INLINE bool less(int32_t i, int32_t j) const {
    const double a = p_.late_key[i], b = p_.late_key[j];
    return a < b || (a == b && p_.late_slot[i] < p_.late_slot[j]);
  }
  ORB_HD_INLINE void swap(int32_t i, int32_t j) const {
    const double k = p_.late_key[i];
    p_.late_key[i] = p_.late_key[j], p_.late_key[j] = k;
    const int32_t s = p_.late_slot[i];
    p_.late_slot[i] = p_.late_slot[j], p_.late_slot[j] = s;
    p_.late_pos[p_.late_slot[i]] = i, p_.late_pos[p_.late_slot[j]] = j;
  }
  ORB_HD_INLINE void sift_up(int32_t i) const {
    while (i > 0) {
      const int32_t parent = (i - 1) / 2;
      if (!less(i, parent)) return;
      swap(i, parent);
      i = parent;
    }
  }
  ORB_HD_INLINE void sift_down(int32_t i) const {
    for (;;) {
      const int32_t l = 2 * i + 1, r = l + 1;
      int32_t m = i;
      if (l < p_.late_n && less(l, m)) m = l;
      if (r < p_.late_n && less(r, m)) m = r;
      if (m == i) return;
      swap(i, m);
      i = m;
    }
  }

  Parts p_;
};

}  // namespace orb
