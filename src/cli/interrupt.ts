// Ctrl-C during a search: abort it (the search then reports its best suite so far) instead of
// killing the process. The listener is removed when the command ends.

export interface Interrupt {
  signal: AbortSignal;
  release(): void;
}

export function catchInterrupt(): Interrupt {
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  return { signal: abort.signal, release: () => process.removeListener('SIGINT', onSigint) };
}
