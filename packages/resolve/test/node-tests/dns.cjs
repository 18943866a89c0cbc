'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- Node's test files are CommonJS and require() this; it loads the CommonJS build. */
// What Node's dns test files get for `require('dns')` here: Node's own dns module, except that
// `lookup` is resolver.lookup and `promises.lookup` is resolver.promises.lookup. The real module is
// left as it is (the resolver, net and http keep calling Node's own dns.lookup underneath).
const dns = require('node:dns');
const { createResolver } = require(process.env.SOCK_RESOLVE_ENTRY);

const resolver = createResolver(
  process.env.SOCK_RESOLVER_OPTIONS ? JSON.parse(process.env.SOCK_RESOLVER_OPTIONS) : {},
);

// Counts the calls that reach the resolver, so that a run shows the files really went through it. A
// Proxy passes every property read on (util.promisify.custom included) and changes nothing else.
const calls = { lookup: 0, promises: 0 };
const counted = (fn, key) =>
  new Proxy(fn, {
    apply(target, self, args) {
      calls[key]++;
      return Reflect.apply(target, self, args);
    },
  });
process.on('exit', () => {
  process.stderr.write(
    `sock-node-tests: resolver.lookup called ${calls.lookup} times, resolver.promises.lookup ${calls.promises} times\n`,
  );
});

const property = (value) => ({ value, enumerable: true, writable: true, configurable: true });
const promises = Object.create(dns.promises, {
  lookup: property(counted(resolver.promises.lookup, 'promises')),
});
module.exports = Object.create(dns, {
  lookup: property(counted(resolver.lookup, 'lookup')),
  promises: property(promises),
  // For a test that builds its own lookup functions (`createMockedLookup` of ../common/dns): the same
  // module with each function it makes put behind resolver.lookup of a resolver of its own.
  overResolver: {
    value: (commonDns) => ({
      ...commonDns,
      createMockedLookup: (...addresses) =>
        counted(
          createResolver({ lookup: commonDns.createMockedLookup(...addresses) }).lookup,
          'lookup',
        ),
    }),
  },
});
