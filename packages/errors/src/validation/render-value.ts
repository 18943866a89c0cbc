// The one way a bad value is shown in a message, so every message about bad input reads the same:
// ``The `port` option must be an integer from 0 to 65535, got 70000.``

/** Strings longer than this are cut (with `…`) so that a message stays readable. */
const MAX_CHARS = 80;

// Keeps a message on one line and its quoting unambiguous: quotes, backslashes, C0/C1 controls,
// the two JavaScript line separators and lone surrogates are written as escapes.
function escapeChar(char: string): string {
  if (char === "'") return "\\'";
  if (char === '\\') return '\\\\';
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  const code = char.charCodeAt(0);
  const unsafe =
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (char.length === 1 && code >= 0xd800 && code <= 0xdfff);
  return unsafe ? `\\u${code.toString(16).padStart(4, '0')}` : char;
}

/** Text escaped for a one-line message and cut to 80 characters, without quotes. */
export function escapeText(text: string): string {
  let out = '';
  let count = 0;
  for (const char of text) {
    if (count === MAX_CHARS) return `${out}…`;
    out += escapeChar(char);
    count += 1;
  }
  return out;
}

const identifier = /^[A-Za-z_$][\w$]{0,79}$/;

function objectName(value: object): string {
  try {
    if (Array.isArray(value)) return 'an array';
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === null || proto === Object.prototype) return 'an object';
    const ctor: unknown = (proto as { constructor?: unknown }).constructor;
    const name: unknown =
      typeof ctor === 'function' ? (ctor as { readonly name?: unknown }).name : undefined;
    if (typeof name === 'string' && name !== 'Object' && identifier.test(name)) {
      return `an instance of ${name}`;
    }
  } catch {
    // A hostile Proxy or a throwing getter: the value stays "an object".
  }
  return 'an object';
}

/**
 * A value as a message shows it: strings single-quoted with quotes and control characters escaped
 * and cut at 80 characters (`'soon'`), numbers, bigints, booleans, `null` and `undefined` as
 * written (`70000`, `NaN`, `-0`, `10n`), `an array`, `a function`, `Symbol(x)`, `an object` or
 * `an instance of Foo`. It never throws, and the result is one line.
 * @example renderValue('soon') // "'soon'"
 */
export function renderValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `'${escapeText(value)}'`;
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return `Symbol(${escapeText(value.description ?? '')})`;
    case 'function':
      return 'a function';
    default:
      return value === null ? 'null' : objectName(value as object);
  }
}
