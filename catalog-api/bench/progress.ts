/** Progress lines on stderr (the tables go to stdout), with the time since the bench started. */
const started = performance.now();
const collected: string[] = [];

export function progress(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${seconds}s] ${message}\n`);
}

/** A warning that must not be missed: printed now, and again in the final report. */
export function warn(message: string): void {
  collected.push(message);
  process.stderr.write(`\n[bench] WARNING: ${message}\n\n`);
}

export function warnings(): readonly string[] {
  return collected;
}
