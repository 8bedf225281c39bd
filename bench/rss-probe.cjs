// Preloaded into benchmarked processes (node --require): prints peak RSS and CPU time at exit
// (CPU time is what a loaded machine distorts least).
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nRSS_KB=${u.maxRSS} CPU_US=${u.userCPUTime + u.systemCPUTime}\n`);
});
