import { platforms, type Platform } from '../data/platforms.js';

/** True for one of the four platforms the tables describe. */
export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'string' && (platforms as readonly string[]).includes(value);
}

/**
 * The table platform for a Node platform name. Android is Linux underneath; other Unix systems
 * (AIX, OpenBSD, SunOS) have no table of their own and read as Linux, the generic ABI.
 */
export function tablePlatform(platform: string = process.platform): Platform {
  if (isPlatform(platform)) return platform;
  return 'linux';
}
