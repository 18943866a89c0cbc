import {
  MAX_TIMEOUT,
  invalidOption,
  validateBoolean,
  validateFunction,
  validateInteger,
  validateKnownKeys,
  validateOptionsObject,
} from '@sock/errors/unstable-do-not-import';
import type { ResolverOptions } from './types.js';

const optionKeys = new Set([
  'maxConcurrency',
  'maxQueued',
  'cacheTtl',
  'negativeTtl',
  'maxCacheEntries',
  'lookup',
  'hostsFile',
  'threadpool',
]);

/** The options of createResolver(), checked: null and undefined read as none. */
export function checkOptions(options: unknown): ResolverOptions {
  if (options === null) return {};
  const record = validateOptionsObject(options, 'options', 'ERR_SOCK_INVALID_OPTION') as
    Record<string, unknown> | undefined;
  if (record === undefined) return {};
  validateKnownKeys(record, [...optionKeys], 'createResolver()');
  validateInteger(record['maxConcurrency'], 'maxConcurrency', 1, Number.MAX_SAFE_INTEGER);
  validateInteger(record['maxQueued'], 'maxQueued', 0, Number.MAX_SAFE_INTEGER);
  validateInteger(record['maxCacheEntries'], 'maxCacheEntries', 0, Number.MAX_SAFE_INTEGER);
  for (const key of ['cacheTtl', 'negativeTtl']) {
    const value = record[key];
    if (
      value !== undefined &&
      (typeof value !== 'number' || !(value >= 0) || !(value <= MAX_TIMEOUT))
    ) {
      throw invalidOption(key, `a number of milliseconds from 0 to ${MAX_TIMEOUT}`, value);
    }
  }
  validateFunction(record['lookup'], 'lookup');
  validateBoolean(record['hostsFile'], 'hostsFile');
  validateBoolean(record['threadpool'], 'threadpool');
  return record;
}
