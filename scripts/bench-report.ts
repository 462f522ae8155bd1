// Shared by the benchmark scripts: the machine a run was on, and how each script rewrites only its own section of
// docs/benchmarks.md (between its start and end markers), leaving every other section as it was.
import { cpus, loadavg } from 'node:os';

export interface MachineFacts {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  load: number;
}

export function machineFacts(): MachineFacts {
  return {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    load: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

export interface SectionMarkers {
  start: string;
  end: string;
}

/** Replaces the section between the markers, or appends it; everything else stays as it was. */
export function replaceMarkedSection(doc: string, section: string, markers: SectionMarkers): string {
  const start = doc.indexOf(markers.start);
  const end = doc.indexOf(markers.end);
  if (start !== -1 && end > start) return doc.slice(0, start) + section + doc.slice(end + markers.end.length);
  const base = doc.trim() === '' ? '# Benchmarks\n' : doc.replace(/\s*$/, '\n');
  return `${base}\n${section}\n`;
}
