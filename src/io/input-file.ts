// What kind of file an input is: packopt reads the shipments file twice in some runs (an unsorted
// export's id check, the per-shipment files of --out), which a pipe or a terminal cannot give.
import { stat } from 'node:fs/promises';
import { UsageError } from '../errors.js';

/** True for a regular file (also /dev/stdin redirected from one); false for a pipe, socket, device, or a file that is not there. */
export async function isRegularFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false; // the read itself reports a missing file
  }
}

/** Refuse, before reading anything, a run that must read `file` twice when it cannot be read twice. */
export async function requireRegularFile(file: string, why: string): Promise<void> {
  try {
    if ((await stat(file)).isFile()) return;
  } catch {
    return; // the read itself reports a missing or unreadable file, with its location
  }
  throw new UsageError(`${file} is not a regular file (a pipe or a device): ${why} reads it a second time; save it to a file first`);
}
