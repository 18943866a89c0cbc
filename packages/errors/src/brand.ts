// Brands in the global symbol registry: a value made by another copy of a sock package (two
// versions installed, or the ESM and CommonJS builds side by side) is still recognised, where
// `instanceof` on the class of one copy would not see it.

/** Marks every instance of `target` (through its prototype) with the brand `key`. */
export function brandClass(target: { readonly prototype: object }, key: symbol): void {
  Object.defineProperty(target.prototype, key, { value: true });
}

/** True when `value` carries the brand `key`; never throws, not even for a hostile Proxy. */
export function hasBrand(value: unknown, key: symbol): boolean {
  try {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[key] === true
    );
  } catch {
    // A Proxy whose `get` trap throws carries no brand, and asking must not throw.
    return false;
  }
}
