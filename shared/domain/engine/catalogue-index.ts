import type { LocalizedText } from '../../i18n';
import type { Ability, Catalogue } from '../schemas/catalogue';

export interface CatalogueIndex {
  abilities: ReadonlyMap<string, Ability>;
  environmentNames: ReadonlyMap<string, LocalizedText>;
  /** null when the catalogue has no topics (2.0): then any course id counts. */
  topicCodes: ReadonlySet<string> | null;
}

const cache = new WeakMap<Catalogue, CatalogueIndex>();

/**
 * Lookup tables for a catalogue, built once per catalogue object rather than once per teacher: a province
 * evaluates hundreds of thousands of teachers against the same catalogue. Catalogues are treated as immutable.
 */
export function indexCatalogue(catalogue: Catalogue): CatalogueIndex {
  let index = cache.get(catalogue);
  if (index === undefined) {
    index = {
      abilities: new Map(catalogue.abilities.map((a) => [a.code, a])),
      environmentNames: new Map(catalogue.environments.map((e) => [e.id, e.name])),
      topicCodes: catalogue.topics.length > 0 ? new Set(catalogue.topics.map((t) => t.code)) : null,
    };
    cache.set(catalogue, index);
  }
  return index;
}
