const MAX = 80;

/**
 * A value as a message shows it between backticks: strings as typed but with control characters
 * and backticks escaped (so the message stays on one line and the quoting stays clear) and cut to
 * a readable length; other types named.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const cut = value.length > MAX ? `${value.slice(0, MAX)}…` : value;
    let out = '';
    for (const char of cut) out += escapeChar(char);
    return out;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return 'undefined';
}

function escapeChar(char: string): string {
  if (char === '`') return '\\`';
  const code = char.charCodeAt(0);
  const control =
    code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
  return control ? `\\u${code.toString(16).padStart(4, '0')}` : char;
}

/**
 * A value for a message, backticks included: strings cut to 60 characters and not escaped, other
 * types named. The resolver's messages use this one; describeValue() escapes.
 */
export function describe(value: unknown): string {
  if (typeof value === 'string')
    return `\`${value.length > 60 ? `${value.slice(0, 57)}...` : value}\``;
  if (typeof value === 'function') return 'a function';
  if (value === null) return '`null`';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `\`${value}\``;
  }
  return '`undefined`';
}
