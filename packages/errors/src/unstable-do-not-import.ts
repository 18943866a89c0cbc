// Internal and unstable: the shared validation and formatting toolkit of sock's own packages
// (@sock/resolve, @sock/bind, sock-server). It changes without notice in any release; applications
// should not import it.
export { renderValue } from './validation/render-value.js';
export { invalidOption, invalidArgument } from './validation/invalid-input.js';
export {
  MAX_TIMEOUT,
  listChoices,
  validateAbortSignal,
  validateBoolean,
  validateFunction,
  validateInteger,
  validateOneOf,
  validateOptionsObject,
  validatePort,
  validateTimeout,
} from './validation/validators.js';
export { didYouMean, validateKnownKeys } from './validation/did-you-mean.js';
export { formatHostPort } from './host-port.js';
export { brandClass, hasBrand } from './brand.js';
