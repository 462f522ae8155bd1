import { describe, expect, it } from 'vitest';
import { parseRole, summariseRoles } from './roles';

const M = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';

describe('summariseRoles', () => {
  it('reads Moodle launch roles (full URIs) and NRPS roles (short names) alike', () => {
    expect(summariseRoles([`${M}Instructor`]).instructor).toBe(true);
    expect(summariseRoles(['Instructor']).instructor).toBe(true);
    expect(summariseRoles(['Learner']).learner).toBe(true);
  });

  it('recognises a Moodle site admin who is not enrolled', () => {
    const s = summariseRoles([
      'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
      `${M}Instructor`,
      'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator',
    ]);
    expect(s).toMatchObject({ administrator: true, instructor: true, learner: false });
  });

  it('keeps a teaching assistant sub-role apart from a full instructor', () => {
    const s = summariseRoles(['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant']);
    expect(s).toMatchObject({ teachingAssistant: true, instructor: false });
  });

  it('reads the old v2/person# forms and ignores unknown roles without failing', () => {
    const s = summariseRoles([
      'http://purl.imsglobal.org/vocab/lis/v2/person#Administrator',
      'urn:lti:role:ims/lis/Whatever',
      'http://example.com/roles#Boss',
    ]);
    expect(s.administrator).toBe(true);
    expect(s.instructor).toBe(false);
  });

  it('gives no rights for an empty role list', () => {
    expect(Object.values(summariseRoles([])).some(Boolean)).toBe(false);
  });

  it('does not treat an institution Instructor as a course instructor', () => {
    expect(summariseRoles(['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor']).instructor).toBe(
      false,
    );
  });
});

describe('parseRole', () => {
  it('splits scope, name and sub-role', () => {
    expect(parseRole('http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant')).toEqual({
      scope: 'membership',
      name: 'Instructor',
      subRole: 'TeachingAssistant',
    });
  });
});
