// Internal and unstable: what @sock/resolve shares with sock's own packages (@sock/bind,
// sock-server) so that each rule has one home. It changes without notice in any release;
// applications should not import it.
export {
  hostNameProblem,
  isServiceName,
  validateHostName,
  type HostNameProblem,
} from './host-name.js';
export { isLookupFunction, isResolverLike } from './duck-types.js';
