// What the server prints for a person at a terminal: advice in the command line's own terms,
// one line per fact, and colour only where the terminal and the user want it.

/**
 * The libraries' advice speaks of their options (`reusePort: true`, port 0, dropPrivileges()); a
 * person running sock-server needs its flags. Every hint passes through this one table.
 */
const cliTerms: readonly (readonly [RegExp, string])[] = [
  [
    /set `reuseAddr: true` \(or `reusePort: true`\) in each of them/g,
    'start each of them with `--reuse-port`',
  ],
  [/set `reusePort: true` in each of them/g, 'start each of them with `--reuse-port`'],
  [/`reusePort: true`/g, '`--reuse-port`'],
  [/`reusePort`/g, '`--reuse-port`'],
  [
    /pass port 0 or a range to get a free (port|one)/g,
    'pass `--port 0` or a range such as `--port 8000-8010` to get a free one',
  ],
  [
    /use port 0 or a range to get a free port/g,
    'use `--port 0` or a range such as `--port 8000-8010` to get a free one',
  ],
  [/use port 0 to let/g, 'use `--port 0` to let'],
  [/give a `port` range instead of 0/g, 'give `--port` a range instead of 0'],
  [
    /start as root and call dropPrivileges\(\) after binding/g,
    'start as root with `--user <name>` to drop privileges after binding',
  ],
  [
    /start as root and drop privileges after binding \(dropPrivileges\(\) of @sock\/bind\)/g,
    'start as root with `--user <name>` to drop privileges after binding',
  ],
  [/call dropPrivileges\(\)/g, 'pass `--user <name>`'],
  [
    /use host 'localhost' with strategy 'all', which skips/g,
    'use `--host localhost` (without `--first`), which skips',
  ],
  [
    /Bind an IPv4 address such as 127\.0\.0\.1 or 0\.0\.0\.0 instead/g,
    'Use `--host 127.0.0.1` or `--host 0.0.0.0` instead',
  ],
  [/[Cc]heck the `host` and `family` options/g, 'Check `--host` and `--family`'],
  [/the `(host|port|family|protocol)` option/g, '`--$1`'],
];

/** A library hint reworded in sock-server's flags. */
export function inCliTerms(text: string): string {
  let result = text;
  for (const [pattern, replacement] of cliTerms) result = result.replace(pattern, replacement);
  return result;
}

/**
 * Text fit for one line of a log or a terminal: line breaks, tabs and other control characters
 * (a command line read from /proc can hold any of them) become single spaces.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ');
}

/**
 * Whether to colour output for a stream: `FORCE_COLOR` turns it on (`0` or `false`: off),
 * otherwise `NO_COLOR` (any non-empty value) and `TERM=dumb` turn it off, and a terminal gets
 * colour where a pipe or a file does not. See https://no-color.org and https://force-color.org.
 */
export function useColor(
  isTTY: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  // FORCE_COLOR wins over NO_COLOR, as in Node's own colour choice.
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return isTTY === true;
}
