/** The tool's own LTI URLs, derived from PUBLIC_URL. One launch URL serves every message type (Moodle quirk 2). */
export interface ToolEndpoints {
  loginUrl: string;
  launchUrl: string;
  jwksUrl: string;
  deepLinkingUrl: string;
  registrationUrl: string;
}

export function toolEndpoints(publicUrl: string): ToolEndpoints {
  return {
    loginUrl: `${publicUrl}/lti/login`,
    launchUrl: `${publicUrl}/lti/launch`,
    jwksUrl: `${publicUrl}/.well-known/jwks.json`,
    deepLinkingUrl: `${publicUrl}/lti/launch`,
    registrationUrl: `${publicUrl}/lti/register`,
  };
}
