import { networkInterfaces } from 'node:os';

/** Which families this host has addresses of: non-loopback, and loopback. */
export interface ConfiguredFamilies {
  readonly v4: boolean;
  readonly v6: boolean;
  readonly loopback4: boolean;
  readonly loopback6: boolean;
}

let cached: ConfiguredFamilies | undefined;
let cachedAt = 0;
// Interfaces change rarely and os.networkInterfaces() costs tens of microseconds, so one answer
// serves every call for a second.
const maxAgeMs = 1000;

/** The families configured on this host, read at most once a second. */
export function configuredFamilies(now: number = Date.now()): ConfiguredFamilies {
  if (cached !== undefined && now - cachedAt < maxAgeMs) return cached;
  let v4 = false;
  let v6 = false;
  let loopback4 = false;
  let loopback6 = false;
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) {
      const six = info.family === 'IPv6' || (info.family as unknown) === 6;
      if (info.internal) {
        if (six) loopback6 = true;
        else loopback4 = true;
      } else if (six) {
        // As glibc's AI_ADDRCONFIG: a link-local IPv6 address alone does not make IPv6 usable.
        if (!/^fe[89ab]/i.test(info.address)) v6 = true;
      } else v4 = true;
    }
  }
  cached = { v4, v6, loopback4, loopback6 };
  cachedAt = now;
  return cached;
}
