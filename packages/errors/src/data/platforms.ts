/** The platforms the tables cover, as Node's process.platform spells them. */
export const platforms = ['linux', 'darwin', 'freebsd', 'win32'] as const;

/** One of {@link platforms}. */
export type Platform = (typeof platforms)[number];
