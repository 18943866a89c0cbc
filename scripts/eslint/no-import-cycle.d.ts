import type { ESLint } from 'eslint';

/** The `sock` ESLint plugin: its one rule, `no-import-cycle`. */
declare const plugin: ESLint.Plugin;
export default plugin;
