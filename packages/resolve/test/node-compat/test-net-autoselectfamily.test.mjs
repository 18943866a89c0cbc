// Mirrors Node's test/parallel/test-net-autoselectfamily.js with resolver.lookup as the `lookup` of
// net.createConnection; the answers Node's test serves from a DNS server on 127.0.0.1 come from
// the resolver's lookup function here. See README.md for the case left out.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';
import { test } from 'node:test';
import { createResolver } from '@sock/resolve';
import { tableLookup } from './support.mjs';

const answers = [
  { address: '::1', family: 6 },
  { address: '127.0.0.1', family: 4 },
];

function lookups() {
  const direct = tableLookup({ 'example.org': answers }).fn;
  return { direct, resolver: createResolver({ lookup: direct }).lookup };
}

async function listen(host, port = 0, reply = 'response') {
  const server = createServer((socket) => {
    socket.once('data', () => socket.end(reply));
  });
  server.listen(port, host);
  await once(server, 'listening');
  return server;
}

async function exchange(options) {
  const connection = createConnection(options);
  connection.setEncoding('utf8');
  let response = '';
  connection.on('data', (chunk) => (response += chunk));
  const ready = once(connection, 'ready').then(() => connection.autoSelectFamilyAttemptedAddresses);
  connection.write('request');
  const attempted = await ready;
  await once(connection, 'end');
  return { attempted, response };
}

async function failure(options) {
  const connection = createConnection(options);
  const [error] = await once(connection, 'error').catch((e) => [e]);
  return { error, attempted: connection.autoSelectFamilyAttemptedAddresses };
}

// A port nothing listens on: held, then closed.
async function closedPort() {
  const server = await listen('127.0.0.1');
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

test('IPv4 is reached when IPv6 is not, in the order the lookup gave', async () => {
  const server = await listen('127.0.0.1', 0, 'response-ipv4');
  const { port } = server.address();
  try {
    for (const lookup of Object.values(lookups())) {
      const got = await exchange({ host: 'example.org', port, lookup, autoSelectFamily: true });
      assert.deepEqual(got.attempted, [`::1:${port}`, `127.0.0.1:${port}`]);
      assert.equal(got.response, 'response-ipv4');
    }
  } finally {
    server.close();
  }
});

test('IPv4 is not tried when IPv6 answers', async () => {
  const v4 = await listen('127.0.0.1', 0, 'response-ipv4');
  const { port } = v4.address();
  const v6 = await listen('::1', port, 'response-ipv6');
  try {
    for (const lookup of Object.values(lookups())) {
      const got = await exchange({ host: 'example.org', port, lookup, autoSelectFamily: true });
      assert.deepEqual(got.attempted, [`::1:${port}`]);
      assert.equal(got.response, 'response-ipv6');
    }
  } finally {
    v4.close();
    v6.close();
  }
});

test('every error comes back as an AggregateError when no address connects', async () => {
  const port = await closedPort();
  const seen = [];
  for (const lookup of Object.values(lookups())) {
    const { error, attempted } = await failure({
      host: 'example.org',
      port,
      lookup,
      autoSelectFamily: true,
    });
    assert.deepEqual(attempted, [`::1:${port}`, `127.0.0.1:${port}`]);
    assert.equal(error.constructor.name, 'AggregateError');
    assert.equal(error.errors.length, 2);
    const messages = error.errors.map((e) => e.message);
    assert.ok(messages.includes(`connect ECONNREFUSED 127.0.0.1:${port}`));
    assert.ok(messages.includes(`connect ECONNREFUSED ::1:${port}`));
    seen.push(messages);
  }
  assert.deepEqual(seen[1], seen[0]);
});

test('without autoSelectFamily only the first address is tried', async () => {
  const server = await listen('127.0.0.1');
  const { port } = server.address();
  try {
    const seen = [];
    for (const lookup of Object.values(lookups())) {
      const { error, attempted } = await failure({
        host: 'example.org',
        port,
        lookup,
        autoSelectFamily: false,
      });
      assert.equal(attempted, undefined);
      assert.equal(error.code, 'ECONNREFUSED');
      assert.equal(error.message, `connect ECONNREFUSED ::1:${port}`);
      seen.push(error.message);
    }
    assert.equal(seen[1], seen[0]);
  } finally {
    server.close();
  }
});
