// The out-of-sample split (SPEC §11): which shipments the search sees and which are held out to
// judge its suite. A plan made from a first look at the dates routes every shipment as it streams.

/** `from_date`: --holdout-from; `latest_share`: --holdout by date; `file_order_share`: --holdout without dates. */
export type HoldoutRule = 'from_date' | 'latest_share' | 'file_order_share';

/** Shipments per date from a first pass over the file, weighted by `count`. */
export interface DateTally {
  /** All shipments, dated or not. */
  total: number;
  /** Shipments per ISO date (YYYY-MM-DD). */
  byDate: Map<string, number>;
  /** Shipments without a date, and the line where the first of them starts. */
  undated: number;
  firstUndatedLine: number | null;
}

/**
 * Routes shipments in file order: those dated after `date` are held out, those before it train;
 * on `date` itself (every shipment, when `date` is null: file order) the first `trainingOnCutoff`
 * train and the rest are held out — later in the file counts as later on the same day.
 */
export interface HoldoutPlan {
  rule: HoldoutRule;
  date: string | null;
  trainingOnCutoff: number;
  /** Shipments the plan holds out (for a share: round(share × total)); null for from_date, known only after reading. */
  heldOut: number | null;
}

/** Hold out every shipment dated on or after `from`. */
export function planHoldoutFrom(from: string): HoldoutPlan {
  return { rule: 'from_date', date: from, trainingOnCutoff: 0, heldOut: null };
}

/**
 * Hold out the latest round(share × total) shipments: by date when the tally has dates (ties on the
 * cutoff day broken by file order, a pre-aggregated row's count split where it must be), else the
 * last ones in file order. The caller refuses a tally with both dated and undated shipments.
 */
export function planHoldoutShare(tally: DateTally, share: number): HoldoutPlan {
  const held = Math.round(share * tally.total);
  if (tally.byDate.size === 0) return { rule: 'file_order_share', date: null, trainingOnCutoff: tally.total - held, heldOut: held };
  const dates = [...tally.byDate.keys()].sort().reverse();
  let later = 0;
  for (const d of dates) {
    const n = tally.byDate.get(d)!;
    if (later + n >= held) return { rule: 'latest_share', date: d, trainingOnCutoff: n - (held - later), heldOut: held };
    later += n;
  }
  return { rule: 'latest_share', date: dates[dates.length - 1]!, trainingOnCutoff: 0, heldOut: held };
}

/**
 * A stateful router for one pass over the file in order: how many of a shipment's `count` are held
 * out (0..count), or null when the plan needs its date and it has none. A fresh router per pass.
 */
export function createHoldoutRouter(plan: HoldoutPlan): (date: string | null, count: number) => number | null {
  let onCutoff = 0;
  return (date, count) => {
    if (plan.date !== null) {
      if (date === null) return null;
      if (date > plan.date) return count;
      if (date < plan.date) return 0;
    }
    const training = Math.min(count, Math.max(0, plan.trainingOnCutoff - onCutoff));
    onCutoff += count;
    return count - training;
  };
}
