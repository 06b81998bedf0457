// A sum of floating-point numbers that does not depend on the order they are added in: the
// partials of Shewchuk's algorithm hold the exact sum, and value() rounds it once, correctly (as
// Python's math.fsum). The report's totals sum per class, and a history read in partitions (a
// spilled evaluate) visits its classes in another order than one read whole: both must agree.

export class ExactSum {
  /** Non-overlapping partials, smallest magnitude first; their exact sum is the sum so far. */
  private p = new Float64Array(8);
  private n = 0;
  /** Infinities and NaNs, summed plainly (they absorb everything else). */
  private special = 0;
  private hasSpecial = false;

  add(x: number): void {
    if (!Number.isFinite(x)) {
      this.special += x;
      this.hasSpecial = true;
      return;
    }
    const p = this.p;
    let i = 0;
    for (let j = 0; j < this.n; j++) {
      let y = p[j]!;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    if (i === p.length) {
      // At most about 40 partials for doubles; grown rarely.
      const q = new Float64Array(p.length * 2);
      q.set(p);
      this.p = q;
    }
    this.p[i] = x;
    this.n = i + 1;
  }

  /** Add every number another sum holds. */
  addSum(other: ExactSum): void {
    for (let j = 0; j < other.n; j++) this.add(other.p[j]!);
    if (other.hasSpecial) {
      this.special += other.special;
      this.hasSpecial = true;
    }
  }

  /** The exact sum, rounded to the nearest double (ties to even). */
  value(): number {
    if (this.hasSpecial) return this.special;
    const p = this.p;
    let n = this.n;
    if (n === 0) return 0;
    let hi = p[--n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n]!;
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Half-way cases: the partials below decide which way `hi + lo` rounds.
    if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    // An exact zero is +0 whatever the signs of the zeros added (−0 + 0 is +0).
    return hi + 0;
  }
}

/** The correctly rounded sum of `values`, whatever their order. */
export function exactSum(values: Iterable<number>): number {
  const s = new ExactSum();
  for (const v of values) s.add(v);
  return s.value();
}
