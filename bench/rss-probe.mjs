// Preloaded into a measured process (node --import): prints its peak RSS and CPU time to stderr at
// exit. CPU time is what the ratios use: on a shared machine it moves far less than wall time.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const u = process.resourceUsage();
  writeSync(2, `\nPEAK_RSS_KB=${u.maxRSS} CPU_US=${u.userCPUTime + u.systemCPUTime}\n`);
});
