import { bothLoopbacks, fakeLookup } from '@sock/test-helpers';
import { describe, expect, it } from 'vitest';
import { bind, type BindOptions } from '../src/index.js';

// Each refusal the README documents for `ipv6Only`, one test each: the option would be silently
// ignored (no IPv6 socket to apply it to) or could not be honoured.
const refused = async (options: BindOptions, message: string): Promise<void> => {
  await expect(bind(options)).rejects.toMatchObject({ code: 'ERR_SOCK_INVALID_OPTION' });
  await expect(bind(options)).rejects.toThrow(message);
};

describe('ipv6Only contradictions are refused', () => {
  it('ipv6Only: false with no IPv6 address to bind (an IPv4 literal)', async () => {
    await refused({ host: '127.0.0.1', ipv6Only: false }, 'gave only 127.0.0.1');
  });

  it('ipv6Only: true with no IPv6 address to bind (an IPv4 literal)', async () => {
    await refused({ host: '127.0.0.1', ipv6Only: true }, 'gave only 127.0.0.1');
  });

  it('ipv6Only with a name that resolves to IPv4 addresses only', async () => {
    const lookup = fakeLookup({ 'v4.test': [{ address: '127.0.0.1', family: 4 }] });
    await refused({ host: 'v4.test', lookup, ipv6Only: false }, 'gave only 127.0.0.1');
  });

  it('ipv6Only: false with family: 4', async () => {
    await refused({ ipv6Only: false, family: 4 }, '`family` is 4');
  });

  it('ipv6Only: true with family: 4', async () => {
    await refused({ ipv6Only: true, family: 4 }, '`family` is 4');
  });

  it("ipv6Only: false with host '*' (which binds :: IPv6-only beside 0.0.0.0)", async () => {
    await refused({ host: '*', ipv6Only: false }, "use host `'::'`");
  });

  it("ipv6Only: false with '::' and IPv4 addresses of the same host under strategy 'all'", async () => {
    const lookup = fakeLookup({
      'both.test': [
        { address: '::', family: 6 },
        { address: '127.0.0.1', family: 4 },
      ],
    });
    await refused({ host: 'both.test', lookup, ipv6Only: false }, 'would take the IPv4 port too');
  });

  it('ipv6Only on an IPv6 address is applied, not refused', async () => {
    await using binding = await bind({ host: '::1', ipv6Only: true });
    expect(binding.addresses).toEqual([{ family: 6, address: '::1', port: binding.port }]);
    const mixed = fakeLookup(bothLoopbacks);
    await using both = await bind({ host: 'both.test', lookup: mixed, ipv6Only: true });
    expect(both.addresses.map((a) => a.address).sort()).toEqual(['127.0.0.1', '::1']);
  });
});
