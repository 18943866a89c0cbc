import { win32 } from 'node:path';

/** The path of a system database file such as `hosts` or `services` on this platform. */
export function etcPath(name: string): string {
  if (process.platform !== 'win32') return `/etc/${name}`;
  const root = process.env['SystemRoot'] ?? process.env['windir'] ?? 'C:\\Windows';
  return win32.join(root, 'System32', 'drivers', 'etc', name);
}

/**
 * The whitespace-separated fields of each line of a hosts(5) or services(5) file, `#` comments
 * cut off; lines left with no field are skipped.
 */
export function etcFields(text: string): string[][] {
  const lines: string[][] = [];
  for (const raw of text.split(/\r?\n/)) {
    const hash = raw.indexOf('#');
    const line = hash === -1 ? raw : raw.slice(0, hash);
    const fields = line.split(/[ \t\n\v\f\r]+/).filter((f) => f !== '');
    if (fields.length > 0) lines.push(fields);
  }
  return lines;
}
