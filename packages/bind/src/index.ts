export { bind } from './bind.js';
export { BindError, type BindAttempt, type BindErrorInit, type BindStep } from './bind-error.js';
export type { Binding, BoundAddress, CloseOptions } from './binding.js';
export type { BindOptions, PortSpec } from './options.js';
export { serve } from './serve.js';
export {
  explainBindError,
  findPortHolders,
  type BindErrorContext,
  type BindErrorExplanation,
  type FindPortHoldersOptions,
  type PortHolder,
} from './diagnose.js';
export {
  dropPrivileges,
  type DropPrivilegesOptions,
  type DroppedPrivileges,
} from './privileges.js';
