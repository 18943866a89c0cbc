import type { LookupFunction, Resolver } from './types.js';

/** True for a value usable as a resolver (resolve() calls its `resolve` method, nothing else). */
export function isResolverLike(value: unknown): value is Resolver {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { resolve?: unknown }).resolve === 'function'
  );
}

/** True for a value usable as a lookup function (Node's callback shape or an async function). */
export function isLookupFunction(value: unknown): value is LookupFunction {
  return typeof value === 'function';
}
