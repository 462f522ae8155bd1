import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

describe('logger', () => {
  it('writes one JSON line per event and redacts secret-looking fields at any depth', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (l) => lines.push(l));
    logger.info('launch', { user: 'u1', id_token: 'eyJ...', nested: { Authorization: 'Bearer x', ok: 1 } });
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] ?? '{}');
    expect(record).toMatchObject({ level: 'info', msg: 'launch', user: 'u1' });
    expect(record.id_token).toBe('[redacted]');
    expect(record.nested).toEqual({ Authorization: '[redacted]', ok: 1 });
  });

  it('drops events below the configured level', () => {
    const lines: string[] = [];
    const logger = createLogger('warn', (l) => lines.push(l));
    logger.info('quiet');
    logger.debug('quieter');
    logger.warn('heard');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['heard']);
  });
});
