// Which fragment cloud a hit came from, in O(log clouds) (MODEL.md section 5: a hit is
// attributed to a source cloud with probability proportional to that cloud's flux at the
// time). In a target cell, cloud j of a size class contributes N_j · w(s_j → cell) ·
// e^{-(t - t_j)/τ}: every cloud of one (cell, class) shares the factor e^{-t/τ}, so the tree
// keeps the weights N_j · w · e^{(t_j - t_ref)/τ}, fixed once a cloud exists, and a search
// for u · total finds the cloud without touching the others. Live satellites avoid
// catalogued catastrophic fragments, so catastrophic objects have two trees: one for
// derelicts (no avoidance) and one for live targets, where a cloud's weight drops by the
// avoided share when it enters the catalogue.
//
// Fenwick trees, built by appending (clouds come in breakup order), so nothing needs
// clearing per trial; when a new cloud's exponent grows large the tree is rescaled to a new
// reference time (weights that fall below the smallest double were already negligible).
#pragma once

#include "debris.hpp"
#include "hd.hpp"

namespace orb {

// Trees per cell: damaging, lethal, catastrophic on derelicts, catastrophic on live targets.
enum CloudTreeKind : int { kTreeDamaging = 0, kTreeLethal = 1, kTreeCatDerelict = 2, kTreeCatLive = 3, kCloudTrees = 4 };

ORB_HD_INLINE int tree_class(int tree) { return tree == kTreeDamaging ? kDamaging : (tree == kTreeLethal ? kLethal : kCatastrophic); }

ORB_HD_INLINE int tree_of_group(int group_kind) {
  return group_kind == kGroupDamaging ? kTreeDamaging
         : group_kind == kGroupLethal ? kTreeLethal
         : group_kind == kGroupCatLive ? kTreeCatLive
                                       : kTreeCatDerelict;
}

// Exponents above this trigger a rescale: e^300 leaves ~400 orders of magnitude of headroom.
constexpr double kCloudTreeMaxExponent = 300.0;

// One tree over the clouds [0, n): node i (1-based) at f[i - 1] holds the weights of
// (i - lowbit(i), i].
struct CloudTree {
  Strided<double> f;
  double& t_ref;  // weights are relative to e^{t_ref / τ}

  ORB_HD_INLINE static int lowbit(int i) { return i & -i; }

  ORB_HD_INLINE double prefix(int n) const {
    double s = 0.0;
    for (int i = n; i > 0; i -= lowbit(i)) s += f[i - 1];
    return s;
  }
  // Adds a change to the weight of cloud j of the n clouds present.
  ORB_HD_INLINE void add(int j, double delta, int n) const {
    for (int i = j + 1; i <= n; i += lowbit(i)) f[i - 1] += delta;
  }
  // Appends cloud n (clouds [0, n) present) with weight w.
  ORB_HD_INLINE void append(int n, double w) const {
    const int i = n + 1;
    f[i - 1] = w + (prefix(n) - prefix(i - lowbit(i)));
  }
  ORB_HD_INLINE void scale(int n, double factor) const {
    for (int i = 0; i < n; ++i) f[i] *= factor;
  }
  // The first cloud j whose prefix sum up to and including j exceeds target, among n.
  ORB_HD_INLINE int search(double target, int n) const {
    int pos = 0, step = 1;
    while (step * 2 <= n) step *= 2;
    for (; step > 0; step /= 2) {
      if (pos + step <= n && f[pos + step - 1] <= target) {
        pos += step;
        target -= f[pos - 1];
      }
    }
    return pos < n ? pos : n - 1;
  }
};

// The weight a cloud of `fragments` at t_j from source spread `spread` gets in a tree of
// reference time t_ref and lifetime tau.
ORB_HD_INLINE double cloud_weight(double fragments, double spread, double t_j, double t_ref, double tau) {
  return fragments * spread * hd_exp((t_j - t_ref) / tau);
}

}  // namespace orb
