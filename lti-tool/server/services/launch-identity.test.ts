import { describe, expect, it } from 'vitest';
import { displayName } from './launch-identity';

const launch = (user: { name?: string; givenName?: string; familyName?: string; username?: string }) =>
  ({ userId: 'u-7', user }) as Parameters<typeof displayName>[0];

describe('displayName', () => {
  it('puts a Chinese family name first with no space, even when the name claim is in western order', () => {
    expect(displayName(launch({ name: '洋 刘', givenName: '洋', familyName: '刘' }))).toBe('刘洋');
    expect(displayName(launch({ givenName: '老师', familyName: '新' }))).toBe('新老师');
  });

  it('uses the full name claim for other names, else given then family', () => {
    expect(displayName(launch({ name: 'Ana María López', givenName: 'Ana', familyName: 'López' }))).toBe(
      'Ana María López',
    );
    expect(displayName(launch({ givenName: 'John', familyName: 'Smith' }))).toBe('John Smith');
    expect(displayName(launch({ name: '张三' }))).toBe('张三');
  });

  it('falls back to the username, then to the user id', () => {
    expect(displayName(launch({ username: 'teacher4' }))).toBe('teacher4');
    expect(displayName(launch({}))).toBe('用户 u-7');
  });
});
