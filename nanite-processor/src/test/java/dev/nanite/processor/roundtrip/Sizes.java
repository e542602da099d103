package dev.nanite.processor.roundtrip;

import java.util.Random;

/** Collection sizes: mostly a few, sometimes none, rarely many; none once the depth is spent. */
final class Sizes {
  private static final int[] CAP = {0, 8, 12, 24, 64};

  private Sizes() {}

  static int pick(Random random, int depth) {
    if (depth <= 0) {
      return 0;
    }
    int r = random.nextInt(20);
    if (r < 2) {
      return 0;
    } else if (r < 14) {
      return 1 + random.nextInt(3);
    } else if (r < 19) {
      return 4 + random.nextInt(5);
    }
    int cap = CAP[Math.min(depth, CAP.length - 1)];
    return random.nextInt(cap + 1);
  }
}
