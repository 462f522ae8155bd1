import { label, message, type Message } from '../../i18n';
import type { Catalogue } from '../schemas/catalogue';
import { indexCatalogue } from './catalogue-index';
import type { Programme } from '../schemas/programme';
import type { AbilitySelection, SchoolContext } from '../schemas/records';
import type { DimensionRef, NotCountedCode, SelectionItem, SelectionSummary } from './types';

function notCounted(selection: AbilitySelection, code: NotCountedCode, reason: Message): SelectionItem {
  return {
    abilityCode: selection.abilityCode,
    counted: false,
    environment: null,
    dimension: null,
    reason: { code, message: reason },
  };
}

/**
 * Decides which chosen abilities count: known in the catalogue, in an environment the school may choose, on the
 * school's shortlist when the programme enforces one, and not chosen before. A selection that does not count never
 * blocks the teacher; it only fails to help.
 */
export function evaluateSelection(
  programme: Programme,
  catalogue: Catalogue,
  school: SchoolContext,
  selections: readonly AbilitySelection[],
): SelectionSummary {
  const rules = programme.selection;
  const allowed = rules === null ? [] : rules.environmentsBySchool.value[school.environment];
  const shortlist = rules?.shortlistEnforced.value && school.shortlist ? school.shortlist : null;
  const { abilities, environmentNames: environments } = indexCatalogue(catalogue);
  const countedCodes: string[] = [];

  const items = selections.map((selection): SelectionItem => {
    const code = selection.abilityCode;
    if (rules === null)
      return notCounted(
        selection,
        'not-applicable',
        message('selection.not-applicable', { code, programme: programme.name }),
      );
    const ability = abilities.get(code);
    if (ability === undefined) {
      return notCounted(
        selection,
        'unknown-ability',
        message('selection.unknown-ability', { code, catalogue: catalogue.name }),
      );
    }
    const located = { environment: ability.environment, dimension: ability.dimension };
    if (!allowed.includes(ability.environment)) {
      const params = {
        code,
        environment: environments.get(ability.environment) ?? ability.environment,
        schoolEnvironment: label(`label.school.${school.environment}`),
        allowed,
      };
      return {
        ...notCounted(selection, 'environment-not-available', message('selection.environment-not-available', params)),
        ...located,
      };
    }
    if (shortlist !== null && !shortlist.includes(code)) {
      const reason = message('selection.not-on-shortlist', {
        code,
        shortlist: shortlist.length > 0 ? shortlist : [label('label.none')],
      });
      return { ...notCounted(selection, 'not-on-shortlist', reason), ...located };
    }
    if (countedCodes.includes(code))
      return { ...notCounted(selection, 'duplicate', message('selection.duplicate', { code })), ...located };
    countedCodes.push(code);
    return { abilityCode: code, counted: true, ...located, reason: null };
  });

  const covered = new Set(countedCodes.map((code) => abilities.get(code)?.dimension));
  const toRef = (d: { id: string; name: DimensionRef['name'] }): DimensionRef => ({ id: d.id, name: d.name });
  return {
    applicable: rules !== null,
    chosen: selections.length,
    counted: countedCodes.length,
    countedCodes,
    allowedEnvironments: [...allowed],
    shortlist,
    dimensionsCovered: catalogue.dimensions.filter((d) => covered.has(d.id)).map(toRef),
    dimensionsMissing: rules === null ? [] : catalogue.dimensions.filter((d) => !covered.has(d.id)).map(toRef),
    items,
  };
}
