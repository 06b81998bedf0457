// Progress on stderr: only on a TTY, never under --quiet, --json or CI=true (SPEC §2). --verbose
// asks for it anyway, as plain timestamped lines a log file keeps (no carriage returns).

export interface Progress {
  update(text: string): void;
  /**
   * Show `render()` and repaint it every second until the next status, update or done, so its
   * elapsed time stays honest through long steps that report nothing. `now`: paint at once, even
   * within 200 ms of the last paint (a phase that starts must not be hidden by the throttle).
   */
  status(render: () => string, now?: boolean): void;
  done(): void;
}

const SILENT: Progress = { update() {}, status() {}, done() {} };

/** Seconds between two lines of the same step under --verbose (a new step prints at once). */
const LOG_EVERY_MS = 5000;

export function createProgress(opts: { quiet: boolean; json: boolean; verbose?: boolean }): Progress {
  if (opts.verbose && !opts.quiet) return createLogProgress((line) => process.stderr.write(line));
  const enabled = !opts.quiet && !opts.json && process.stderr.isTTY === true && process.env.CI !== 'true';
  if (!enabled) return SILENT;
  let last = 0;
  let shown = false;
  let current: (() => string) | null = null;
  let timer: NodeJS.Timeout | undefined;
  const paint = () => {
    if (!current) return;
    last = Date.now();
    shown = true;
    process.stderr.write(`\r\x1b[K${current()}`);
  };
  const show = (render: () => string, now: boolean) => {
    current = render;
    // A throttled line is not lost: the repaint shows it within a second.
    if (now || Date.now() - last >= 200) paint();
    if (!timer) {
      timer = setInterval(paint, 1000);
      timer.unref();
    }
  };
  return {
    update(text) {
      show(() => text, false);
    },
    status(render, now = false) {
      show(render, now);
    },
    done() {
      clearInterval(timer);
      timer = undefined;
      current = null;
      if (shown) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}

/**
 * Progress as log lines: "packopt 0:12 reading shipments: 45 % of 583 MB, …". A status that starts
 * a step (`now`) prints at once; otherwise at most one line per LOG_EVERY_MS, and a step that
 * reports nothing for that long is printed again, so a log never falls silent for long.
 */
export function createLogProgress(write: (line: string) => void, clock: () => number = Date.now): Progress {
  const started = clock();
  let last = -Infinity;
  let lastText = '';
  let current: (() => string) | null = null;
  let timer: NodeJS.Timeout | undefined;
  const stamp = () => {
    const s = Math.floor((clock() - started) / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  };
  const print = () => {
    if (!current) return;
    const text = current();
    if (text === lastText && clock() - last < LOG_EVERY_MS) return; // a step announced twice
    last = clock();
    lastText = text;
    write(`packopt ${stamp()} ${text}\n`);
  };
  const show = (render: () => string, now: boolean) => {
    current = render;
    if (now || clock() - last >= LOG_EVERY_MS) print();
    if (!timer) {
      timer = setInterval(() => {
        if (clock() - last >= LOG_EVERY_MS) print();
      }, 1000);
      timer.unref();
    }
  };
  return {
    update(text) {
      show(() => text, false);
    },
    status(render, now = false) {
      show(render, now);
    },
    done() {
      clearInterval(timer);
      timer = undefined;
      // The last state of a step that ended between two lines.
      if (current && current() !== lastText) print();
      current = null;
    },
  };
}

/**
 * "reading shipments: 45 % of 583 MB, 412,000 rows/s, 0:07 left" — the bytes read of the file's size
 * (just the rows when the size is unknown, as for a pipe), since `startedMs`.
 */
export function formatReadProgress(rows: number, bytes: number, totalBytes: number, startedMs: number, nowMs = Date.now()): string {
  const seconds = Math.max((nowMs - startedMs) / 1000, 1e-3);
  const rate = `${Math.round(rows / seconds).toLocaleString('en-US')} rows/s`;
  if (!(totalBytes > 0) || bytes <= 0) return `reading shipments: ${rows.toLocaleString('en-US')} rows, ${rate}`;
  const share = Math.min(bytes / totalBytes, 1);
  const left = Math.round((seconds * (1 - share)) / share);
  const eta = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  const mb = (totalBytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: totalBytes < 1e7 ? 1 : 0 });
  return `reading shipments: ${Math.floor(share * 100)} % of ${mb} MB, ${rate}, ${eta} left`;
}
