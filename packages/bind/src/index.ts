export { bind } from './bind.js';
export { BindError, isBindError, type BindErrorInit } from './bind-error.js';
export {
  isBinding,
  type Binding,
  type BindingBase,
  type CloseOptions,
  type ServableBinding,
  type TcpBinding,
  type UdpBinding,
  type UnixBinding,
} from './binding.js';
export type {
  BindAttempt,
  BindAttemptTarget,
  BindStep,
  BoundAddress,
  BoundAttempt,
  FailedAttempt,
  PortHolder,
  SkippedAttempt,
} from './types.js';
export type { BindOptions, PortSpec } from './options.js';
export { serve } from './serve.js';
export { handOver, type HandOverOptions, type HandOverResult } from './handover.js';
export { announceReady } from './inherit.js';
export { browserUnsafePorts } from './browser-unsafe.js';
export {
  explainBindError,
  findPortHolders,
  type BindErrorContext,
  type BindErrorExplanation,
  type FindPortHoldersOptions,
} from './diagnose.js';
export {
  dropPrivileges,
  type DropPrivilegesOptions,
  type DroppedPrivileges,
} from './privileges.js';
