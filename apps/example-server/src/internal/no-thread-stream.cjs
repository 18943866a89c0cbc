// Stands in for pino's `thread-stream` in the sock-server bundle. sock-server writes its logs in
// its own thread (pino.destination and pino-pretty as plain streams) and never starts a pino
// transport, so the worker-thread machinery is left out of the start-up path.
'use strict';
module.exports = class ThreadStream {
  constructor() {
    throw new Error('sock-server does not use pino transports');
  }
};
