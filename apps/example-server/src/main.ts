#!/usr/bin/env node
// The `sock-server` command: runs the bundled program, dist/program.js, from V8's code cache.
// This file is built as CommonJS (see tsup.config.ts), where __dirname is the directory of
// dist/main.js.
import { join } from 'node:path';
import { runProgram } from './code-cache.js';

runProgram(join(__dirname, 'program.js'));
