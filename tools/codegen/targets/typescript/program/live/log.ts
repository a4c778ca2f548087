/** Structured logging: one JSON object a line on stdout, each with its time, level and event. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export function jsonLogger(print: (line: string) => void, now: () => number): Logger {
  const write = (level: string, event: string, fields: Record<string, unknown> = {}) =>
    print(JSON.stringify({ time: new Date(now()).toISOString(), level, event, ...fields }));
  return {
    info: (event, fields) => write("info", event, fields),
    warn: (event, fields) => write("warn", event, fields),
    error: (event, fields) => write("error", event, fields),
  };
}
