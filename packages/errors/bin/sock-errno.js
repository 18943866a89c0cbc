#!/usr/bin/env node
import { main, watchOutput } from '../dist/cli.js';

watchOutput(process);
process.exitCode = main(process.argv.slice(2), process);
