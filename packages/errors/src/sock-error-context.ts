/** Facts the caller knows that the error may lack; they fill what the error does not say. */
export interface SockErrorContext {
  readonly syscall?: string | undefined;
  readonly address?: string | undefined;
  readonly port?: number | undefined;
  readonly hostname?: string | undefined;
  /** Read numbers for this platform instead of the running one. */
  readonly platform?: NodeJS.Platform | undefined;
}
