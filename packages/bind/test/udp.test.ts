import * as dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { BindError, bind } from '@sock/bind';
import { bothLoopbacks, fakeLookup } from '@sock/test-helpers';

const ask = (host: string, port: number, text: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const client = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    client.once('error', reject);
    client.once('message', (msg) => {
      client.close();
      resolve(msg.toString());
    });
    client.send(text, port, host);
  });

describe("protocol: 'udp'", () => {
  it('binds ::1 and 127.0.0.1 on one port and echoes on both', async () => {
    await using binding = await bind({
      protocol: 'udp',
      host: 'two.test',
      lookup: fakeLookup(bothLoopbacks),
    });
    expect(binding.protocol).toBe('udp');
    expect(binding.sockets).toHaveLength(2);
    expect(binding.addresses.every((a) => a.port === binding.port)).toBe(true);
    for (const socket of binding.sockets) {
      socket.on('message', (msg, rinfo) => socket.send(msg, rinfo.port, rinfo.address));
    }
    expect(await ask('::1', binding.port, 'six')).toBe('six');
    expect(await ask('127.0.0.1', binding.port, 'four')).toBe('four');
  });

  it('EADDRINUSE on a UDP port held by another socket', async () => {
    await using first = await bind({ protocol: 'udp', host: '127.0.0.1' });
    const err = (await bind({ protocol: 'udp', host: '127.0.0.1', port: first.port }).catch(
      (e: unknown) => e,
    )) as BindError;
    expect(err).toBeInstanceOf(BindError);
    expect(err.code).toBe('EADDRINUSE');
    expect(err.step).toBe('bind');
  });

  it('reuseAddr lets two sockets share a port', async () => {
    await using first = await bind({ protocol: 'udp', host: '127.0.0.1', reuseAddr: true });
    await using second = await bind({
      protocol: 'udp',
      host: '127.0.0.1',
      reuseAddr: true,
      port: first.port,
    });
    expect(second.port).toBe(first.port);
  });

  it('ipv6Only and exclusive reach the socket', async () => {
    await using binding = await bind({
      protocol: 'udp',
      host: '::',
      ipv6Only: true,
      exclusive: true,
    });
    // An IPv6-only wildcard leaves the IPv4 side of the port free.
    await using v4 = await bind({ protocol: 'udp', host: '0.0.0.0', port: binding.port });
    expect(v4.port).toBe(binding.port);
  });

  it('rejects TCP-only options', async () => {
    await expect(bind({ protocol: 'udp', backlog: 10 })).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_OPTION',
    });
  });
});
