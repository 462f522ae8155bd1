import type { Message } from '../../i18n';
import { message } from '../../i18n';
import type { CatalogueFile } from '../schemas/catalogue';

/** A cross-reference problem zod cannot see, located by its path in the file. */
export interface IntegrityIssue {
  path: Array<string | number>;
  message: Message;
}

function duplicates<T>(items: readonly T[], key: (item: T) => string): Set<number> {
  const seen = new Set<string>();
  const dup = new Set<number>();
  items.forEach((item, index) => {
    const k = key(item);
    if (seen.has(k)) dup.add(index);
    seen.add(k);
  });
  return dup;
}

/**
 * Checks what a schema cannot: unique codes and slot ids, references to environments, dimensions, templates,
 * topic parts and groups, and that every ability asks for at least one required item.
 */
export function checkCatalogueIntegrity(file: CatalogueFile): IntegrityIssue[] {
  const issues: IntegrityIssue[] = [];
  const environments = new Set(file.environments.map((e) => e.id));
  const dimensions = new Set(file.dimensions.map((d) => d.id));
  const parts = new Set(file.topicParts.map((p) => p.id));
  const groups = new Set(file.topicGroups.map((g) => g.id));
  const reference = (path: Array<string | number>, field: string, value: string) =>
    issues.push({ path, message: message('catalogue.unknown-reference', { field, value }) });

  if (file.abilities.length === 0 && file.topics.length === 0) {
    issues.push({ path: ['abilities'], message: message('catalogue.empty') });
  }
  const duplicateAbilities = duplicates(file.abilities, (a) => a.code);
  file.abilities.forEach((ability, index) => {
    const at = ['abilities', index];
    const code = ability.code;
    if (duplicateAbilities.has(index)) {
      issues.push({ path: [...at, 'code'], message: message('catalogue.duplicate-ability', { code }) });
    }
    if (!environments.has(ability.environment)) reference([...at, 'environment'], 'environment', ability.environment);
    if (!dimensions.has(ability.dimension)) reference([...at, 'dimension'], 'dimension', ability.dimension);
    const evidence = 'template' in ability.evidence ? file.templates[ability.evidence.template] : ability.evidence;
    if (evidence === undefined) {
      const name = 'template' in ability.evidence ? ability.evidence.template : '';
      reference([...at, 'evidence', 'template'], 'template', name);
      return;
    }
    const duplicateSlots = duplicates(evidence.slots, (s) => s.id);
    evidence.slots.forEach((slot, slotIndex) => {
      if (duplicateSlots.has(slotIndex)) {
        const path = [...at, 'evidence', 'slots', slotIndex, 'id'];
        issues.push({ path, message: message('catalogue.duplicate-slot', { code, slotId: slot.id }) });
      }
    });
    if (!evidence.slots.some((slot) => slot.required)) {
      issues.push({ path: [...at, 'evidence', 'slots'], message: message('catalogue.no-required-slot', { code }) });
    }
  });
  const duplicateTopics = duplicates(file.topics, (t) => t.code);
  file.topics.forEach((topic, index) => {
    const at = ['topics', index];
    if (duplicateTopics.has(index)) {
      issues.push({ path: [...at, 'code'], message: message('catalogue.duplicate-ability', { code: topic.code }) });
    }
    if (!parts.has(topic.part)) reference([...at, 'part'], 'part', topic.part);
    if (!groups.has(topic.group)) reference([...at, 'group'], 'group', topic.group);
  });
  return issues;
}
