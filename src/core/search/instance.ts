// One level's search instance: merged demand classes and candidate boxes as flat typed arrays,
// with the fit relation stored both ways in CSR form. Everything here is plain typed arrays and
// numbers so that worker threads can receive it (or share it through SharedArrayBuffers).

/** Demand classes after rounding and merging; entries are canonical triples, 3 numbers each. */
export interface ClassTable {
  n: number;
  weight: Float64Array;
  shipWeight: Float64Array;
  /** Item volume of one shipment of class j (length³; the count-weighted mean of those merged). */
  itemVolume?: Float64Array;
  /** Class j's frontier entries are entries[3·e .. 3·e+2] for e in entryStart[j] .. entryStart[j+1]-1. */
  entryStart: Int32Array;
  entries: Float64Array;
}

/** Candidate boxes before ordering: canonical dims (3 per box) and weight limits (NaN: none). */
export interface CandidateList {
  dims: Float64Array;
  maxWeight: Float64Array;
  locked: Uint8Array;
  /** Mailer candidates' coordinates [T, W, L], 3 per candidate, NaN for a box; absent: boxes only. */
  mailer?: Float64Array;
}

export interface SearchInstance {
  nClasses: number;
  nCandidates: number;
  /** Suite size actually searched: min(K, candidates). */
  k: number;
  /** Locked candidates; they occupy the first slots of every suite. */
  lockedList: Int32Array;
  classWeight: Float64Array;
  /** Candidates are indexed in ascending (cost, volume) order, so index order is cost order. */
  candDims: Float64Array;
  candCost: Float64Array;
  candLocked: Uint8Array;
  /** Mailer coordinates [T, W, L] per candidate (NaN for a box); null when every candidate is a box. */
  candMailer: Float64Array | null;
  /**
   * Per class: candidates it fits, ascending index (= ascending cost); with pair costs, ascending
   * (pair cost, index) — the cheapest for that class first.
   */
  fitStart: Int32Array;
  /** Uint16 where candidate indices allow (fewer than 65,537 candidates): 2 bytes a pair. */
  fitCand: Int32Array | Uint16Array;
  /**
   * Per candidate: classes it serves, ascending class index. With pair costs a CSR list beside
   * serveCost (serveStart, serveClass; serveBits null); without, a bitmap (the CSR pair null):
   * bit j & 31 of serveBits[i·serveWords + (j >> 5)] is set when candidate i serves class j —
   * n/8 bytes a candidate, where a list takes 4 bytes per class it serves (forEachServed).
   */
  serveStart: Int32Array | null;
  serveClass: Int32Array | null;
  serveBits: Int32Array | null;
  /** Words per candidate in serveBits: ⌈nClasses / 32⌉. */
  serveWords: number;
  /**
   * Cost of one shipment of the class in the candidate, per fit pair, beside fitCand and
   * serveClass, where a box's cost depends on the shipment (the cost objective); null: candCost.
   */
  fitCost: Float64Array | null;
  serveCost: Float64Array | null;
  /**
   * Cost of leaving one class unserved. Larger than any feasible objective, so the local search
   * treats coverage as lexicographically first while every suite it evaluates stays exactly K.
   */
  penalty: number;
}

/** Relative tolerance for comparing lengths that went through rounding or unit conversion. */
const TOL = 1e-9;

/**
 * Per class, the least coordinate of its entries on each axis (3 per class): a box shorter than
 * that on some axis dominates none of them, which rejects most (class, box) pairs in three
 * comparisons instead of a scan of the entries.
 */
export function entryMins(t: ClassTable): Float64Array {
  const mins = new Float64Array(3 * t.n).fill(Infinity);
  for (let j = 0; j < t.n; j++) {
    for (let e = t.entryStart[j]!; e < t.entryStart[j + 1]!; e++) {
      for (let x = 0; x < 3; x++) if (t.entries[3 * e + x]! < mins[3 * j + x]!) mins[3 * j + x] = t.entries[3 * e + x]!;
    }
  }
  return mins;
}

/** Does box (a, b, c) dominate one of class j's entries? */
export function classFits(t: ClassTable, j: number, a: number, b: number, c: number): boolean {
  const end = t.entryStart[j + 1]!;
  for (let e = t.entryStart[j]!; e < end; e++) {
    const o = 3 * e;
    if (
      t.entries[o]! <= a * (1 + TOL) + TOL &&
      t.entries[o + 1]! <= b * (1 + TOL) + TOL &&
      t.entries[o + 2]! <= c * (1 + TOL) + TOL
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Order the candidates by (cost, volume, given order) — the order in which a shipment picks its
 * box, ties to the smaller volume — and build both CSR views of the fit relation. `pairCost(j, i)`,
 * where given, prices one shipment of class j in candidate i (its given index; Infinity: it cannot
 * go there): each class then ranks its boxes by it, ties in candidate order.
 */
export function buildInstance(
  classes: ClassTable,
  cands: CandidateList,
  k: number,
  costOf: (a: number, b: number, c: number) => number,
  pairCost?: (j: number, i: number) => number,
  alloc?: (bytes: number) => ArrayBufferLike,
): { instance: SearchInstance; order: Int32Array } {
  const m = cands.maxWeight.length;
  const n = classes.n;
  const rawCost = new Float64Array(m);
  const rawVol = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const a = cands.dims[3 * i]!;
    const b = cands.dims[3 * i + 1]!;
    const c = cands.dims[3 * i + 2]!;
    rawCost[i] = costOf(a, b, c);
    rawVol[i] = a * b * c;
  }
  const order = Int32Array.from({ length: m }, (_, i) => i).sort(
    (x, y) => rawCost[x]! - rawCost[y]! || rawVol[x]! - rawVol[y]! || x - y,
  );
  const candDims = new Float64Array(3 * m);
  const candCost = new Float64Array(m);
  const candLocked = new Uint8Array(m);
  const candMailer = cands.mailer ? new Float64Array(3 * m) : null;
  const locked: number[] = [];
  for (let r = 0; r < m; r++) {
    const i = order[r]!;
    if (candMailer) for (let x = 0; x < 3; x++) candMailer[3 * r + x] = cands.mailer![3 * i + x]!;
    candDims[3 * r] = cands.dims[3 * i]!;
    candDims[3 * r + 1] = cands.dims[3 * i + 1]!;
    candDims[3 * r + 2] = cands.dims[3 * i + 2]!;
    candCost[r] = rawCost[i]!;
    candLocked[r] = cands.locked[i]!;
    if (cands.locked[i]) locked.push(r);
  }

  // Serve relation first (candidate-major scan), then transpose: the transpose visits candidates in
  // ascending index, so every fit list comes out sorted by cost without a sort. Without pair costs
  // the serve relation is a bitmap and is built in place; with them, lists per candidate.
  const serveWords = (n + 31) >>> 5;
  const serveBits = pairCost ? null : int32s(m * serveWords, alloc);
  const serveCount = new Int32Array(m);
  const serveParts: Int32Array[] = pairCost ? new Array(m) : [];
  const serveCostParts: Float64Array[] = pairCost ? new Array(m) : [];
  const scratch = new Int32Array(pairCost ? n : 0);
  const costScratch = new Float64Array(pairCost ? n : 0);
  const mins = entryMins(classes);
  // Largest candidates first: a box serves a subset of the classes a box dominating it serves (with
  // a weight limit no lower), so its classes are looked for among the fewest such a box serves.
  // Pair costs may rule a bigger box out where a smaller one is allowed: then every class is looked at.
  const byVolume = Int32Array.from({ length: m }, (_, r) => r).sort(
    (x, y) => candDims[3 * y]! * candDims[3 * y + 1]! * candDims[3 * y + 2]! - candDims[3 * x]! * candDims[3 * x + 1]! * candDims[3 * x + 2]! || x - y,
  );
  const done: number[] = [];
  for (const r of byVolume) {
    const i = order[r]!;
    const a = candDims[3 * r]!;
    const b = candDims[3 * r + 1]!;
    const c = candDims[3 * r + 2]!;
    // classFits' own thresholds: a class whose least entry coordinate exceeds one cannot fit.
    const ta = a * (1 + TOL) + TOL;
    const tb = b * (1 + TOL) + TOL;
    const tc = c * (1 + TOL) + TOL;
    const limit = cands.maxWeight[i]!;
    const fits = (j: number): boolean =>
      !(mins[3 * j]! > ta || mins[3 * j + 1]! > tb || mins[3 * j + 2]! > tc) &&
      (Number.isNaN(limit) || classes.shipWeight[j]! <= limit * (1 + TOL)) &&
      classFits(classes, j, a, b, c);
    if (serveBits) {
      let among = -1;
      for (const q of done) {
        if (candDims[3 * q]! < a || candDims[3 * q + 1]! < b || candDims[3 * q + 2]! < c) continue;
        const ql = cands.maxWeight[order[q]!]!;
        if (!Number.isNaN(ql) && (Number.isNaN(limit) || ql < limit)) continue;
        if (among < 0 || serveCount[q]! < serveCount[among]!) among = q;
      }
      let cnt = 0;
      const row = r * serveWords;
      if (among < 0) {
        for (let j = 0; j < n; j++) {
          if (!fits(j)) continue;
          serveBits[row + (j >>> 5)] = serveBits[row + (j >>> 5)]! | (1 << (j & 31));
          cnt++;
        }
      } else {
        const from = among * serveWords;
        for (let w = 0; w < serveWords; w++) {
          for (let x = serveBits[from + w]!; x !== 0; x &= x - 1) {
            const j = (w << 5) | (31 - Math.clz32(x & -x));
            if (!fits(j)) continue;
            serveBits[row + w] = serveBits[row + w]! | (1 << (j & 31));
            cnt++;
          }
        }
      }
      serveCount[r] = cnt;
    } else {
      let cnt = 0;
      for (let j = 0; j < n; j++) {
        if (!fits(j)) continue;
        const pc = pairCost!(j, i);
        if (!(pc < Infinity)) continue;
        costScratch[cnt] = pc;
        scratch[cnt++] = j;
      }
      serveParts[r] = scratch.slice(0, cnt);
      serveCostParts[r] = costScratch.slice(0, cnt);
      serveCount[r] = cnt;
    }
    done.push(r);
  }
  let total = 0;
  for (let r = 0; r < m; r++) total += serveCount[r]!;
  const fitCount = new Int32Array(n);
  let serveStart: Int32Array | null = null;
  let serveClass: Int32Array | null = null;
  let serveCost: Float64Array | null = null;
  if (serveBits) {
    for (let x = 0; x < serveBits.length; x++) {
      for (let v = serveBits[x]!; v !== 0; v &= v - 1) fitCount[((x % serveWords) << 5) | (31 - Math.clz32(v & -v))]!++;
    }
  } else {
    serveStart = new Int32Array(m + 1);
    serveClass = int32s(total, alloc);
    serveCost = float64s(total, alloc);
    for (let r = 0; r < m; r++) {
      const part = serveParts[r]!;
      serveStart[r + 1] = serveStart[r]! + part.length;
      serveClass.set(part, serveStart[r]!);
      serveCost.set(serveCostParts[r]!, serveStart[r]!);
      for (let q = 0; q < part.length; q++) fitCount[part[q]!]!++;
    }
  }
  const fitStart = int32s(n + 1, alloc);
  for (let j = 0; j < n; j++) fitStart[j + 1] = fitStart[j]! + fitCount[j]!;
  const fill = fitStart.slice(0, n);
  const fitCand = m <= 0x10000 ? (alloc ? new Uint16Array(alloc(2 * total)) : new Uint16Array(total)) : int32s(total, alloc);
  const fitCost = serveCost ? float64s(total, alloc) : null;
  for (let r = 0; r < m; r++) {
    if (serveBits) {
      const row = r * serveWords;
      for (let w = 0; w < serveWords; w++) {
        for (let x = serveBits[row + w]!; x !== 0; x &= x - 1) fitCand[fill[(w << 5) | (31 - Math.clz32(x & -x))]!++] = r;
      }
      continue;
    }
    for (let p = serveStart![r]!; p < serveStart![r + 1]!; p++) {
      const j = serveClass![p]!;
      fitCost![fill[j]!] = serveCost![p]!;
      fitCand[fill[j]!++] = r;
    }
  }
  if (fitCost) sortFitListsByPairCost(fitStart, fitCand, fitCost);

  let worst = 0;
  for (let j = 0; j < n; j++) {
    const last = fitStart[j + 1]! - 1;
    if (last >= fitStart[j]!) worst += classes.weight[j]! * (fitCost ? fitCost[last]! : candCost[fitCand[last]!]!);
  }
  const instance: SearchInstance = {
    nClasses: n,
    nCandidates: m,
    // Locked boxes always stay, even when they alone exceed K.
    k: Math.max(locked.length, Math.min(k, m)),
    lockedList: Int32Array.from(locked),
    classWeight: classes.weight.slice(),
    candDims,
    candCost,
    candLocked,
    candMailer,
    fitStart,
    fitCand,
    serveStart,
    serveClass,
    serveBits,
    serveWords,
    fitCost,
    serveCost,
    penalty: 2 * worst + 1,
  };
  return { instance, order };
}

/** Sort each class's fit list by (pair cost, candidate index), moving the costs along. */
function sortFitListsByPairCost(fitStart: Int32Array, fitCand: Int32Array | Uint16Array, fitCost: Float64Array): void {
  for (let j = 0; j + 1 < fitStart.length; j++) {
    const lo = fitStart[j]!;
    const hi = fitStart[j + 1]!;
    const idx = Array.from({ length: hi - lo }, (_, q) => lo + q).sort((x, y) => fitCost[x]! - fitCost[y]! || fitCand[x]! - fitCand[y]!);
    const cands = idx.map((p) => fitCand[p]!);
    const costs = idx.map((p) => fitCost[p]!);
    fitCand.set(cands, lo);
    fitCost.set(costs, lo);
  }
}

function int32s(len: number, alloc?: (bytes: number) => ArrayBufferLike): Int32Array {
  return alloc ? new Int32Array(alloc(4 * len)) : new Int32Array(len);
}

function float64s(len: number, alloc?: (bytes: number) => ArrayBufferLike): Float64Array {
  return alloc ? new Float64Array(alloc(8 * len)) : new Float64Array(len);
}

/**
 * Calls fn(j, p) for every class j candidate i serves, ascending j; p is the pair's position in
 * serveClass and serveCost where the relation is a list (−1 for a bitmap).
 */
export function forEachServed(
  inst: Pick<SearchInstance, 'serveStart' | 'serveClass' | 'serveBits' | 'serveWords'>,
  i: number,
  fn: (j: number, p: number) => void,
): void {
  const bits = inst.serveBits;
  if (bits) {
    const words = inst.serveWords;
    const row = i * words;
    for (let w = 0; w < words; w++) {
      for (let x = bits[row + w]!; x !== 0; x &= x - 1) fn((w << 5) | (31 - Math.clz32(x & -x)), -1);
    }
    return;
  }
  for (let p = inst.serveStart![i]!; p < inst.serveStart![i + 1]!; p++) fn(inst.serveClass![p]!, p);
}

/** Cost of one shipment of class j in the candidate at position p of j's fit list. */
export function fitPairCost(inst: SearchInstance, p: number): number {
  return inst.fitCost ? inst.fitCost[p]! : inst.candCost[inst.fitCand[p]!]!;
}

/** Weighted cost of a suite (candidate indices) and the classes it leaves unserved. */
export function evaluateSuite(inst: SearchInstance, suite: ArrayLike<number>): { cost: number; unserved: number[] } {
  const open = new Uint8Array(inst.nCandidates);
  for (let s = 0; s < suite.length; s++) open[suite[s]!] = 1;
  let cost = 0;
  const unserved: number[] = [];
  for (let j = 0; j < inst.nClasses; j++) {
    let found = -1;
    for (let p = inst.fitStart[j]!; p < inst.fitStart[j + 1]!; p++) {
      if (open[inst.fitCand[p]!]) {
        found = p;
        break;
      }
    }
    if (found < 0) unserved.push(j);
    else cost += inst.classWeight[j]! * fitPairCost(inst, found);
  }
  return { cost, unserved };
}
