// Helpers for sock's own tests. Library code never imports this package (ESLint enforces it).
export {
  closedPort,
  connectError,
  listenError,
  occupyPort,
  occupyRun,
  type OccupyOptions,
  type PortHolder,
  type PortRun,
} from './ports.js';
export {
  activeResources,
  expectNoLeaks,
  fdCount,
  leaksSince,
  leftBehind,
  resourceSnapshot,
  settle,
  type Leaks,
  type ResourceSnapshot,
} from './resources.js';
export {
  bothLoopbacks,
  fakeLookup,
  notFound,
  type FakeAnswer,
  type FakeLookup,
  type LookupCall,
  type LookupCallback,
} from './lookup.js';
export { nextEvent, once, rejection, watchUnhandled, type RejectedWith } from './events.js';
export { httpGet, type HttpAnswer } from './http.js';
export { onLogLines, type LogLine } from './log-lines.js';
