/**
 * fANOVA's main effects (Hutter, Hoos and Leyton-Brown, ICML 2014) over the regression trees of a fitted random
 * forest: each tree cuts the space into boxes with a constant prediction, so the variance of its prediction and the
 * variance of each parameter's marginal (the prediction averaged over every other parameter) are exact sums over its
 * leaves. A parameter's share in one tree is its marginal's variance over the tree's total variance; the forest's
 * share is the mean over the trees that vary. The measure on each axis is the observed values, each counted once: a
 * grid's values, or a sampler's draws (so a log-uniform draw weighs each decade alike).
 */

/** A node of an ml-cart regression tree (a leaf holds `distribution`, the mean of its samples). */
export interface CartNode {
  readonly left?: CartNode;
  readonly right?: CartNode;
  readonly splitColumn?: number;
  readonly splitValue?: number;
  readonly distribution?: unknown;
}

interface Leaf {
  readonly lo: readonly number[];
  readonly hi: readonly number[];
  readonly value: number;
}

/** The leaves of a tree as boxes over the features; `columns` maps the tree's columns to feature indices. */
function treeLeaves(root: CartNode, columns: readonly number[], features: number): Leaf[] {
  const out: Leaf[] = [];
  const walk = (node: CartNode, lo: number[], hi: number[]): void => {
    if (node.left && node.right && node.splitColumn !== undefined && node.splitValue !== undefined) {
      const f = columns[node.splitColumn]!;
      // ml-cart sends x < splitValue left, the rest right.
      walk(node.left, lo, hi.map((h, i) => (i === f ? Math.min(h, node.splitValue!) : h)));
      walk(node.right, lo.map((l, i) => (i === f ? Math.max(l, node.splitValue!) : l)), hi);
      return;
    }
    out.push({ lo, hi, value: Number(node.distribution) });
  };
  walk(root, Array<number>(features).fill(-Infinity), Array<number>(features).fill(Infinity));
  return out;
}

/** The number of sorted `values` below `x`. */
function below(values: readonly number[], x: number): number {
  let [lo, hi] = [0, values.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Each feature's main-effect share of one tree's variance, or null when the tree predicts one value everywhere.
 * `support[j]` is feature j's observed coordinates, distinct and ascending, each weighing the same. A leaf covers a
 * run of each feature's support values (found by binary search), so each marginal is a sum of runs: a difference
 * array adds them in time linear in the leaves.
 */
export function treeShares(root: CartNode, columns: readonly number[], support: readonly (readonly number[])[]): number[] | null {
  const leaves = treeLeaves(root, columns, support.length);
  // For each leaf and feature, the run [from, to) of support values inside the leaf's interval.
  const runs = leaves.map((leaf) => support.map((s, j) => [below(s, leaf.lo[j]!), below(s, leaf.hi[j]!)] as const));
  const frac = runs.map((r) => r.map(([from, to], j) => (to - from) / support[j]!.length));
  const weight = frac.map((w) => w.reduce((a, b) => a * b, 1));
  const f0 = leaves.reduce((a, leaf, k) => a + weight[k]! * leaf.value, 0);
  const total = leaves.reduce((a, leaf, k) => a + weight[k]! * (leaf.value - f0) ** 2, 0);
  if (!(total > 1e-300)) return null;
  return support.map((s, i) => {
    const diff = new Float64Array(s.length + 1);
    leaves.forEach((leaf, k) => {
      if (weight[k] === 0) return;
      const [from, to] = runs[k]![i]!;
      const c = leaf.value * (weight[k]! / frac[k]![i]!);
      diff[from] += c;
      diff[to] -= c;
    });
    let m = 0;
    let v = 0;
    for (let u = 0; u < s.length; u++) {
      m += diff[u]!;
      v += (m - f0) ** 2;
    }
    return Math.min(1, v / s.length / total);
  });
}
