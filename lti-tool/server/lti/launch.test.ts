import { describe, expect, it } from 'vitest';
import { CLAIM, type CoreClaims } from './claims';
import { toLaunch } from './launch';

// Only what toLaunch reads; the verifier has checked the rest before a launch is built.
const claims = (lis: unknown) =>
  ({
    iss: 'https://moodle.example.cn',
    sub: '7',
    [CLAIM.messageType]: 'LtiResourceLinkRequest',
    [CLAIM.deploymentId]: '1',
    [CLAIM.targetLinkUri]: 'https://tool.example.cn/lti/launch',
    [CLAIM.roles]: [],
    ...(lis === undefined ? {} : { [CLAIM.lis]: lis }),
  }) as unknown as CoreClaims;

describe('toLaunch: lis.person_sourcedid (Moodle sends the idnumber there)', () => {
  it('reads it as the sourcedId, trimmed', () => {
    expect(toLaunch(claims({ person_sourcedid: ' T100 ', course_section_sourcedid: '' }), 'c').user.sourcedId).toBe(
      'T100',
    );
  });

  it('leaves it out when Moodle sends an empty string, when it is missing, and when the claim is malformed', () => {
    for (const lis of [
      { person_sourcedid: '', course_section_sourcedid: '' },
      undefined,
      'T100',
      { person_sourcedid: 7 },
    ]) {
      expect(toLaunch(claims(lis), 'c').user.sourcedId).toBeUndefined();
    }
  });
});
