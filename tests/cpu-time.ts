/**
 * The CPU time (user + system, ms) this test process spent running `run`. Tests that bound how
 * much work something does use it rather than a wall clock: on a busy machine a run waits longer
 * for a core, but it does not use more CPU.
 */
export function cpuTimeOf(run: () => unknown): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}
