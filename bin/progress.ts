import { SingleBar } from "cli-progress";

/** The bars drawing on the terminal now, each by the function that takes it off. */
const drawing = new Set<() => void>();

/**
 * Writes a line on stderr where a person reads it, progress bar or not: a bar drawing takes
 * itself off first (it returns to the line it started on when it stops, so it would write over
 * anything printed below it) and starts again under the line at its next report.
 */
export function noteOnStderr(text: string): void {
  for (const pause of [...drawing]) pause();
  process.stderr.write(text);
}

/**
 * Draws progress on stderr (stdout carries only results): a bar on a terminal, otherwise a line
 * per new message (counting messages thinned), so logs and CI output stay readable.
 */
export function stderrProgress(label: string): {
  report(fraction: number, message?: string): void;
  stop(): void;
} {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% {message}`,
      hideCursor: true,
      clearOnComplete: true,
    });
    let started = false;
    const pause = () => {
      if (!started) return;
      bar.stop();
      started = false;
      drawing.delete(pause);
    };
    return {
      report(fraction, message = "") {
        if (!started) {
          bar.start(100, 0, { message });
          started = true;
          drawing.add(pause);
        }
        bar.update(Math.round(fraction * 100), { message });
      },
      stop: pause,
    };
  }
  // Counting messages ("trial 37/200, best 1.2") and walks over names ("reading SPY", "Fed
  // press: fetching https://...") would print a line per step: a line is printed when the
  // message says something new, or every 5% or 10 s of the same kind of message. Its kind is
  // its words without the numbers, symbols, names and addresses in it.
  let last = { message: "", shape: "", percent: -100, atMs: 0 };
  return {
    report(fraction, message) {
      if (message === undefined || message === last.message) return;
      const percent = Math.round(fraction * 100);
      const shape = message.replace(/\S*[\d/:A-Z]\S*/g, "#").replace(/#(?:\s+#)+/g, "#");
      const nowMs = Date.now();
      if (shape === last.shape && percent < last.percent + 5 && nowMs - last.atMs < 10_000) return;
      last = { message, shape, percent, atMs: nowMs };
      process.stderr.write(`${label}: ${percent}% ${message}\n`);
    },
    stop() {},
  };
}
