import { describe, expect, it } from 'vitest';
import {
  MAX_GRACE_MS,
  parseGrace,
  rotationDue,
  rotationPaths,
  rotationTimestamp,
} from '../../../provisioning/rotation.js';

const NOW = new Date('2026-11-28T12:00:00.000Z');
const inDays = (days: number) => new Date(NOW.getTime() + days * 86_400_000).toISOString();

describe('rotationDue', () => {
  it('is ok while more than 90 days are left, and says from when rotation is due', () => {
    const due = rotationDue(inDays(120), NOW);
    expect(due.status).toBe('ok');
    expect(due.daysLeft).toBe(120);
    expect(due.dueAt).toBe(inDays(30));
    expect(due.message).toContain('rotation is due from');
  });

  it('is due within 90 days of expiry and names the command', () => {
    const due = rotationDue(inDays(45), NOW);
    expect(due).toMatchObject({ status: 'due', daysLeft: 45 });
    expect(due.message).toContain('hybrid rotate-cert');
  });

  it('becomes due exactly warnDays before notAfter', () => {
    expect(rotationDue(inDays(90), NOW).status).toBe('due');
    expect(rotationDue(new Date(Date.parse(inDays(90)) + 1), NOW).status).toBe('ok');
  });

  it('honours a custom warnDays', () => {
    expect(rotationDue(inDays(45), NOW, { warnDays: 30 }).status).toBe('ok');
    expect(rotationDue(inDays(29), NOW, { warnDays: 30 }).status).toBe('due');
  });

  it('is expired at and after notAfter, with negative days left', () => {
    expect(rotationDue(NOW, NOW).status).toBe('expired');
    const past = rotationDue(inDays(-3), NOW);
    expect(past).toMatchObject({ status: 'expired', daysLeft: -3 });
    expect(past.message).toContain('expired on');
  });

  it('accepts a Date as notAfter', () => {
    expect(rotationDue(new Date(inDays(10)), NOW).status).toBe('due');
  });

  it('refuses a notAfter that is not a date, naming the argument', () => {
    expect(() => rotationDue('soon', NOW)).toThrow(/notAfter must be an ISO-8601 date/);
    expect(() => rotationDue(inDays(1), NOW, { warnDays: -1 })).toThrow(/warnDays/);
  });
});

describe('parseGrace', () => {
  it('reads seconds, minutes, hours and days', () => {
    expect(parseGrace('90s')).toBe(90_000);
    expect(parseGrace('15m')).toBe(900_000);
    expect(parseGrace('36h')).toBe(129_600_000);
    expect(parseGrace('7d')).toBe(604_800_000);
    expect(parseGrace(' 3S ')).toBe(3000);
  });

  it.each(['', '7', 'd', '1.5d', '-1d', '0s', '7 days', '1w'])('refuses %j, naming --grace', (text) => {
    expect(() => parseGrace(text)).toThrow(/--grace must be a positive whole number/);
  });

  it('refuses more than a year', () => {
    expect(parseGrace('365d')).toBe(MAX_GRACE_MS);
    expect(() => parseGrace('366d')).toThrow(/longer than 365d/);
  });
});

describe('rotation file names', () => {
  it('uses a sortable, colon-free UTC timestamp', () => {
    expect(rotationTimestamp(new Date('2026-11-28T22:12:08.456Z'))).toBe('20261128T221208Z');
  });

  it('puts the new bundle under rotations/ and the old one under retired/, beside the current bundle', () => {
    expect(rotationPaths('/srv/out/acme/', '20261128T221208Z')).toEqual({
      rotationDir: '/srv/out/acme/rotations/20261128T221208Z',
      retiredDir: '/srv/out/acme/retired/20261128T221208Z',
    });
  });
});
