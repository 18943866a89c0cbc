// Every change made to Node's own test files before they run, each with the reason. The runner
// applies them as exact text replacements and stops if one does not match as often as stated, so
// this list is always the whole difference between Node's files and what runs.

/** The module a test file gets instead of Node's `dns`: `lookup` and `promises.lookup` replaced. */
const shim = '../sock/dns.cjs';

/**
 * @typedef {object} Edit
 * @property {string} find   text in Node's file
 * @property {string} replace what it becomes
 * @property {number} count  how many times `find` occurs
 * @property {string} why
 */

/** @type {Record<string, Edit[]>} Node's file name -> its edits. */
export const edits = {
  'test-dns-lookup.js': [
    {
      find: "require('dns')",
      replace: `require('${shim}')`,
      count: 1,
      why: '`dns.lookup` is resolver.lookup and `dns.promises.lookup` is resolver.promises.lookup.',
    },
  ],
  'test-dns-lookup-promises-options-deprecated.js': [
    {
      find: "require('dns/promises')",
      replace: `require('${shim}').promises`,
      count: 1,
      why: '`dnsPromises.lookup` is resolver.promises.lookup.',
    },
  ],
  'test-dns.js': [
    {
      find: "require('dns')",
      replace: `require('${shim}')`,
      count: 1,
      why:
        '`dns.lookup` is resolver.lookup and `dns.promises.lookup` is resolver.promises.lookup; ' +
        "the file's other calls (setServers, resolve*, lookupService) stay Node's own.",
    },
  ],
  'test-net-autoselectfamily.js': [
    {
      find: "const { createMockedLookup } = require('../common/dns');",
      replace: `const { createMockedLookup } = require('${shim}').overResolver(require('../common/dns'));`,
      count: 1,
      why:
        "Each connection's `lookup` is resolver.lookup of a resolver whose lookup function is " +
        "Node's mocked one, so happy eyeballs gets its addresses through the resolver.",
    },
    {
      find: '// Test that only the last successful connection is established.\n{',
      replace:
        '// Test that only the last successful connection is established.\n' +
        '// (not run here: it connects to public addresses)\nif (false) {',
      count: 1,
      why:
        'This case connects to 2606:4700::6810:85e5, 104.20.22.46 and other public addresses; ' +
        'this project sends nothing beyond 127.0.0.0/8 and ::1.',
    },
  ],
};
