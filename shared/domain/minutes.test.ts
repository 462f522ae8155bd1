import { describe, expect, it } from 'vitest';
import { hoursToMinutes, meetsShare, minutesToHours, minutesToReachShare, sharePercent } from './minutes';

describe('hours arithmetic in minutes', () => {
  it('adds tenths of an hour without drift', () => {
    const floatSum = Array.from({ length: 250 }, () => 0.1).reduce((a, b) => a + b, 0);
    expect(floatSum).not.toBe(25); // the problem being avoided
    const minuteSum = Array.from({ length: 250 }, () => hoursToMinutes(0.1)).reduce((a, b) => a + b, 0);
    expect(minuteSum).toBe(1500);
    expect(minutesToHours(minuteSum)).toBe(25);
  });

  it('rounds odd inputs to the nearest minute and displays two decimals', () => {
    expect(hoursToMinutes(1 / 3)).toBe(20);
    expect(hoursToMinutes(0.75)).toBe(45);
    expect(minutesToHours(50)).toBe(0.83);
  });
});

describe('shares', () => {
  it('treats exactly 50 % as meeting a 50 % minimum', () => {
    expect(meetsShare(1500, 3000, 50)).toBe(true);
    expect(meetsShare(1499, 3000, 50)).toBe(false);
  });

  it('never meets a share of nothing', () => {
    expect(meetsShare(0, 0, 0)).toBe(false);
  });

  it('floors the displayed share so a failing one never reads as 50 %', () => {
    expect(sharePercent(1499, 3000)).toBe(49.9);
    expect(sharePercent(2999, 6000)).toBe(49.9);
    expect(sharePercent(1, 3)).toBe(33.3);
    expect(sharePercent(0, 0)).toBe(0);
  });

  it('computes the practice still needed to reach a share', () => {
    expect(minutesToReachShare(0, 2400, 50)).toBe(2400); // 40 h online only → 40 h practice
    expect(minutesToReachShare(1200, 3000, 50)).toBe(600); // 20/50 → +10 h gives 30/60
    expect(minutesToReachShare(1500, 3000, 50)).toBe(0);
    expect(minutesToReachShare(0, 600, 100)).toBeNull();
  });
});
