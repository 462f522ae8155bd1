import type { PlatformSimulator } from '../../scripts/lti-simulator';

/**
 * Registers the tool running at `toolUrl` with the simulated Moodle as an activity shown inside the course page's
 * frame (launch container `embed`), with deep linking; returns its client and deployment ids.
 */
export function registerEmbeddedTool(sim: PlatformSimulator, toolUrl: string) {
  return sim.registerTool({
    name: '能力提升工程2.0',
    loginUrl: `${toolUrl}/lti/login`,
    redirectUris: [`${toolUrl}/lti/launch`],
    jwksUrl: `${toolUrl}/.well-known/jwks.json`,
    deepLinkingUrl: `${toolUrl}/lti/launch`,
    targetLinkUri: `${toolUrl}/lti/launch`,
    launchContainer: 'embed',
  });
}
