// Shared by the dns.lookup conformance files: each case runs the same call through the running
// Node's dns.lookup and through resolver.lookup, and compares what comes out.
import assert from 'node:assert/strict';

/** What a call throws synchronously, as { name, code, message }, or undefined. */
export function thrown(fn) {
  try {
    fn();
    return undefined;
  } catch (err) {
    return { name: err.name, code: err.code, message: err.message };
  }
}

/** Asserts that both calls throw the same error, and that it has the class and code given. */
export function throwsLikeNode(node, mine, expected) {
  const a = thrown(node);
  const b = thrown(mine);
  assert.ok(a !== undefined, 'dns.lookup threw nothing');
  assert.deepEqual(b, a);
  for (const [key, value] of Object.entries(expected)) {
    if (value instanceof RegExp) assert.match(a[key], value);
    else assert.equal(a[key], value);
  }
}

/** Calls a callback-style lookup and resolves to { args, ticks }: its callback's arguments. */
export function callback(lookup, ...args) {
  return new Promise((resolve) => {
    let sameTick = true;
    lookup(...args, (...result) => resolve({ args: result, sync: sameTick }));
    sameTick = false;
  });
}

/**
 * A lookup function that answers from a table, in Node's callback shape, on the next tick; a name
 * not in the table fails as getaddrinfo's ENOTFOUND, and an Error value fails with that error.
 */
export function tableLookup(table) {
  const calls = [];
  const fn = (hostname, options, cb) => {
    calls.push({ hostname, options });
    const answer = table[hostname];
    process.nextTick(() => {
      if (answer === undefined) {
        const err = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
        Object.assign(err, { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname });
        cb(err);
      } else if (answer instanceof Error) cb(answer);
      else if (options.all)
        cb(
          null,
          answer.map((a) => ({ ...a })),
        );
      else cb(null, answer[0].address, answer[0].family);
    });
  };
  return { fn, calls };
}
