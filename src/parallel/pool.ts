// The worker pool of one optimize run (piscina): a fixed number of threads, and fail-fast error
// handling — a worker that cannot load or dies aborts every pending task, so a run ends with an
// InternalError instead of waiting for tasks that will never settle.
import { setMaxListeners } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { InternalError } from '../errors.js';

export interface PoolOptions {
  /** Worker threads to start (at least 1). */
  threads: number;
  /** Worker module (path or file URL). */
  workerFile: string | URL;
}

/** A worker idle this long may exit; the pool is destroyed after the run anyway. */
const IDLE_TIMEOUT_MS = 1_000;
/** destroy() waits at most this long for the threads to terminate. */
const DESTROY_TIMEOUT_MS = 5_000;

/** A worker module of this folder: name.js next to the compiled module, name.ts from source. */
export function workerModule(name: string): URL {
  return new URL(`./${name}${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
}

/**
 * Node 20 cannot run a .ts worker by itself: give it tsx's loader (source runs: tests, tsx
 * scripts). Compiled workers get the parent's flags unchanged.
 */
function execArgvFor(file: string): string[] {
  const inherited = [...process.execArgv];
  if (!file.endsWith('.ts') || inherited.some((a) => a.includes('tsx'))) return inherited;
  return [...inherited, '--import', 'tsx'];
}

export class WorkerPool<Task, Reply> {
  readonly threads: number;
  readonly #pool: Piscina<Task, Reply>;
  readonly #abort = new AbortController();
  readonly #onFailure: (() => void) | undefined;
  #failure: unknown = null;
  #destroyed: Promise<void> | null = null;

  constructor(options: PoolOptions, onFailure?: () => void) {
    const threads = Math.max(1, Math.floor(options.threads));
    const file = options.workerFile;
    const filename = file instanceof URL || file.startsWith('file:') ? fileURLToPath(file) : file;
    this.threads = threads;
    this.#onFailure = onFailure;
    this.#pool = new Piscina<Task, Reply>({
      filename,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: IDLE_TIMEOUT_MS,
      execArgv: execArgvFor(filename),
    });
    // Every task listens to the one abort signal: no "possible leak" warning on stderr.
    setMaxListeners(0, this.#abort.signal);
    // A worker that fails outside a task (e.g. while loading) is reported here, not to run().
    this.#pool.on('error', (err: unknown) => this.#fail(err));
  }

  /** The first failure of a worker, if any. */
  get failure(): unknown {
    return this.#failure;
  }

  /** Run one task; rejects with InternalError when any worker of the pool has failed. */
  async run(task: Task): Promise<Reply> {
    if (this.#failure !== null) throw this.#internal(this.#failure);
    try {
      return await this.#pool.run(task, { signal: this.#abort.signal });
    } catch (err) {
      this.#fail(err);
      throw this.#internal(this.#failure ?? err);
    }
  }

  /** Terminate every thread (idempotent; bounded in time). */
  destroy(): Promise<void> {
    this.#destroyed ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((done) => {
        timer = setTimeout(done, DESTROY_TIMEOUT_MS);
        timer.unref();
      });
      try {
        await Promise.race([this.#pool.destroy().catch(() => undefined), timeout]);
      } finally {
        clearTimeout(timer);
      }
    })();
    return this.#destroyed;
  }

  #fail(err: unknown): void {
    if (this.#failure !== null) return;
    this.#failure = err ?? new Error('worker thread failed');
    this.#onFailure?.();
    // Pending and queued tasks of a failed pool would never settle: abort them all.
    this.#abort.abort(this.#failure);
  }

  #internal(err: unknown): InternalError {
    if (err instanceof InternalError) return err;
    const message = err instanceof Error ? err.message : String(err);
    return new InternalError(`search worker thread failed: ${message}`, { cause: err });
  }
}
