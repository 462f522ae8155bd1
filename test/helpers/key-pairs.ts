import { generateKeyPair } from 'jose';
import type { KeyPairSource } from '../../lti-tool/server/lti/tool-keys';

// An RS256 key pair takes about 0.1 s of CPU to generate, and most test files start a tool (two keys) and a
// platform (one), some of them in every test: a few hundred keys a run. These sources hand out keys generated once
// per worker process instead.
const generated = new Map<string, Array<ReturnType<KeyPairSource>>>();

/**
 * A source of this process's `role` keys in order: the n-th key it hands out is the n-th any source of the same role
 * handed out. One source never repeats a key (a rotation still changes it); a tool's keys are never a platform's.
 */
export function reusedKeyPairs(role: 'tool' | 'platform'): KeyPairSource {
  let list = generated.get(role);
  if (!list) generated.set(role, (list = []));
  const keys = list;
  let next = 0;
  return () => (keys[next++] ??= generateKeyPair('RS256', { modulusLength: 2048, extractable: true }));
}
