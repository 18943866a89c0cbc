/**
 * A promise rejected with a reason exactly as it was thrown: an abort reason, or whatever a lookup
 * function threw, need not be an Error, and replacing it would hide what the caller chose.
 */
export function rejected<T>(reason: unknown): Promise<T> {
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passed on unchanged.
  return Promise.reject(reason);
}
