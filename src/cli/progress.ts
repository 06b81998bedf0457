// Progress on stderr: only on a TTY, never under --quiet, --json or CI=true (SPEC §2).

export interface Progress {
  update(text: string): void;
  done(): void;
}

const SILENT: Progress = { update() {}, done() {} };

export function createProgress(opts: { quiet: boolean; json: boolean }): Progress {
  const enabled = !opts.quiet && !opts.json && process.stderr.isTTY === true && process.env.CI !== 'true';
  if (!enabled) return SILENT;
  let last = 0;
  let shown = false;
  return {
    update(text) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      process.stderr.write(`\r\x1b[K${text}`);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}
