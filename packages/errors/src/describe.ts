import type { Platform } from './data/platforms.js';
import type { ErrorDescription, Namespace } from './error-entry.js';
import { findEntry } from './internal/find-entry.js';
import { equivalentsOf } from './internal/tables-index.js';
import { validateOptionsObject } from './validation/validators.js';

/** Where describe() reads a number, and where it looks for a name first. */
export interface DescribeOptions {
  /** The platform whose numbers to read; by default the running one (Android as Linux). */
  readonly platform?: Platform | undefined;
  /** Restricts the lookup to one namespace; a number's namespace is otherwise inferred. */
  readonly namespace?: Namespace | undefined;
}

/**
 * Describes an error name or number: its entry and what it is called and numbered in every other
 * namespace and platform, or `undefined` where no table has it.
 *
 * A number is read on `platform` (default: the running one) in `namespace`, which is otherwise
 * inferred: 10000 and up is Winsock, negative is libuv, positive is errno. getaddrinfo's EAI_*
 * numbers are read only with `namespace: 'eai'`. A name (any case, `UV_` prefix allowed) is looked
 * up in errno, eai, uv, then winsock, on `platform` first, then on the other platforms unless
 * `platform` is given. Node's `ENOTFOUND` is read as `EAI_NONAME`.
 * @example describe('EADDRINUSE', { platform: 'darwin' })?.number // 48
 */
export function describe(
  nameOrNumber: string | number,
  options: DescribeOptions = {},
): ErrorDescription | undefined {
  // `null` reads as no options, as `undefined` does; anything else that is not an object throws.
  const where: DescribeOptions =
    options === null ? {} : (validateOptionsObject(options, 'options') ?? {});
  const entry = findEntry(nameOrNumber, where);
  return entry === undefined ? undefined : { ...entry, equivalents: equivalentsOf(entry) };
}
