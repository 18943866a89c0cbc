#!/usr/bin/env node
// PLACEHOLDER: the sock-server work replaces this file.
import { bind } from '@sock/bind';
console.log(await bind({ port: 0 }));
