import { SingleBar } from "cli-progress";

/**
 * Draws progress on stderr (stdout carries only results): a bar on a terminal, otherwise one
 * line per new message so logs and CI output stay readable.
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
    return {
      report(fraction, message = "") {
        if (!started) {
          bar.start(100, 0, { message });
          started = true;
        }
        bar.update(Math.round(fraction * 100), { message });
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastMessage: string | undefined;
  return {
    report(fraction, message) {
      if (message === undefined || message === lastMessage) return;
      lastMessage = message;
      process.stderr.write(`${label}: ${Math.round(fraction * 100)}% ${message}\n`);
    },
    stop() {},
  };
}
