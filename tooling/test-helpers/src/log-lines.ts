import type { Readable } from 'node:stream';

/** One log record: a JSON object line of sock-server's logs. */
export type LogLine = Record<string, unknown> & { msg?: string; event?: string; level?: number };

/**
 * Reads a stream of log lines as they come, whole lines only: calls `each` with the line's JSON
 * (undefined when the line is not JSON, such as the plain lines for a person after an error
 * record) and the line itself. Blank lines are skipped.
 */
export function onLogLines(
  stream: Readable,
  each: (record: LogLine | undefined, line: string) => void,
): void {
  let rest = '';
  stream.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      let record: LogLine | undefined;
      try {
        record = JSON.parse(line) as LogLine;
      } catch {
        record = undefined;
      }
      each(record, line);
    }
  });
}
