import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress, STRICT_EGRESS, type EgressPolicy } from './address-policy';
import { safeFetch } from './safe-fetch';

describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8', true],
    ['120.55.1.1', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.20.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.100.100.200', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['fd00::1', false],
    ['fe80::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:8.8.8.8', true],
    ['2001:4860:4860::8888', true],
    ['not-an-ip', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('safeFetch', () => {
  let server: Server;
  let base: string;
  const local: EgressPolicy = { allowedPrivateHosts: new Set(['127.0.0.1']), allowHttp: true };

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/big') return res.end('x'.repeat(5000));
      if (req.url === '/hop') return res.writeHead(302, { location: '/ok' }).end();
      if (req.url === '/loop') return res.writeHead(302, { location: '/loop' }).end();
      if (req.url === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/latest' }).end();
      res.end('fine');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('refuses loopback, private and plain-http targets under the strict policy', async () => {
    await expect(safeFetch(`${base}/ok`, { policy: STRICT_EGRESS })).rejects.toMatchObject({ reason: 'scheme' });
    await expect(safeFetch(`${base}/ok`, { policy: { ...STRICT_EGRESS, allowHttp: true } })).rejects.toMatchObject({
      reason: 'private_address',
    });
    await expect(safeFetch('https://10.0.0.1/jwks', { policy: STRICT_EGRESS })).rejects.toMatchObject({
      reason: 'private_address',
    });
  });

  it('reaches an operator-allowed local host and follows a redirect', async () => {
    const response = await safeFetch(`${base}/hop`, { policy: local });
    expect(response.status).toBe(200);
    expect(response.text).toBe('fine');
    expect(response.url).toBe(`${base}/ok`);
  });

  it('re-checks every redirect hop and caps their number', async () => {
    await expect(safeFetch(`${base}/to-metadata`, { policy: local })).rejects.toMatchObject({
      reason: 'private_address',
    });
    await expect(safeFetch(`${base}/loop`, { policy: local })).rejects.toMatchObject({ reason: 'redirects' });
  });

  it('caps the response size', async () => {
    await expect(safeFetch(`${base}/big`, { policy: local, maxBytes: 1000 })).rejects.toMatchObject({
      reason: 'too_large',
    });
  });
});
