#!/usr/bin/env node
// PLACEHOLDER: replaced by the sock-errno command.
process.stdout.write('sock-errno\n');
