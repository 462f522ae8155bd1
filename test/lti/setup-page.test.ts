import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startToolServer, type ToolServer } from '../helpers/tool-server';

let tool: ToolServer;
beforeAll(async () => {
  tool = await startToolServer();
});
afterAll(() => tool.close());

describe('/lti/setup', () => {
  it('shows the exact values to paste into Moodle, in Chinese by default', async () => {
    const response = await fetch(`${tool.url}/lti/setup`);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('在 Moodle 中添加本工具');
    for (const path of ['/lti/launch', '/lti/login', '/.well-known/jwks.json'])
      expect(html).toContain(`${tool.url}${path}`);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('speaks English to an English browser', async () => {
    const html = await (
      await fetch(`${tool.url}/lti/setup`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } })
    ).text();
    expect(html).toContain('Add the tool to Moodle');
  });
});
