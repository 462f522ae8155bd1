import { describe, expect, it } from 'vitest';
import { schoolContextSchema, teacherRecordsSchema } from '../shared/domain';
import { generateTeachers, mulberry32 } from '../test/fixtures/engine/synthetic-teachers';
import { END, START, renderSection, replaceSection, runBenchmark } from './bench-engine';

describe('synthetic teachers', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(generateTeachers(300, 7)).toEqual(generateTeachers(300, 7));
    expect(generateTeachers(300, 8)).not.toEqual(generateTeachers(300, 7));
    expect([mulberry32(1)(), mulberry32(1)()]).toEqual([mulberry32(1)(), mulberry32(1)()]);
  });

  it('are valid input for the engine', () => {
    for (const teacher of generateTeachers(500, 20190)) {
      expect(schoolContextSchema.safeParse(teacher.school).success).toBe(true);
      const parsed = teacherRecordsSchema.safeParse(teacher.records);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });

  it('reach every overall state', () => {
    const result = runBenchmark(2000, 20190, 1);
    expect(Object.keys(result.states).sort()).toEqual([
      'awaiting_review',
      'certified',
      'in_progress',
      'not_started',
      'ready_to_certify',
    ]);
    expect(Object.values(result.states).reduce((a, b) => a + b, 0)).toBe(2000);
  });
});

describe('benchmarks document', () => {
  const result = {
    date: '2026-01-02',
    node: 'v20.0.0',
    cpu: 'Test CPU',
    cores: 2,
    load: 0.5,
    n: 1000,
    seed: 1,
    runs: 3,
    engineMs: 20,
    teachersPerSecond: 50000,
    jsonBaselineMs: 10,
    sumBaselineMs: 0.5,
    engineRangeMs: [19, 25] as [number, number],
    jsonRangeMs: [9, 12] as [number, number],
    sumRangeMs: [0.4, 0.6] as [number, number],
    states: { in_progress: 1000 },
  };

  it('renders the figures with the ratio against the baseline', () => {
    const section = renderSection(result);
    expect(section.startsWith(START)).toBe(true);
    expect(section.endsWith(END)).toBe(true);
    expect(section).toContain('Run-to-run spread: engine 19–25 ms, JSON baseline 9–12 ms, tight loop 0.4–0.6 ms');
    expect(section).toContain(
      '| 2026-01-02 | v20.0.0 | Test CPU (2 cores) | 0.5 | 1000 | 20 ms | 50,000 | 10 ms | 2.00 | 0.5 ms | 40.0 |',
    );
    expect(section).toContain('(engine within 5× of the tight loop): **not met**');
    expect(renderSection({ ...result, engineMs: 2 })).toContain('(engine within 5× of the tight loop): **met**');
  });

  it('replaces only its own section', () => {
    const doc = `# Benchmarks\n\n## HTTP\n\nkeep me\n\n${START}\nold\n${END}\n\n## Database\n\nkeep me too\n`;
    const updated = replaceSection(doc, renderSection(result));
    expect(updated).not.toContain('\nold\n');
    expect(updated).toContain('## HTTP\n\nkeep me\n');
    expect(updated).toContain('## Database\n\nkeep me too\n');
    expect(updated.match(new RegExp(START, 'g'))).toHaveLength(1);
  });

  it('appends the section when missing, creating a title for an empty file', () => {
    expect(replaceSection('', 'S')).toBe('# Benchmarks\n\nS\n');
    expect(replaceSection('# Benchmarks\n\n## HTTP\nx\n\n', 'S')).toBe('# Benchmarks\n\n## HTTP\nx\n\nS\n');
  });
});
