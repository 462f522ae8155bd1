import { label, message, renderMessage, type Message } from '../../i18n';
import type { Catalogue } from '../schemas/catalogue';
import {
  LIMIT,
  firstOf,
  prepare,
  type AbilityInfo,
  type AllowedEnvironments,
  type DimensionSet,
  type Prepared,
} from './prepared';
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

function frozenItem(item: SelectionItem): SelectionItem {
  if (item.reason !== null) {
    Object.freeze(item.reason.message.params);
    Object.freeze(item.reason.message);
    Object.freeze(item.reason);
  }
  return Object.freeze(item);
}

function allowedFor(p: Prepared, environment: SchoolContext['environment']): AllowedEnvironments {
  const known = p.allowed;
  for (let i = 0; i < known.length; i++) {
    const entry = known[i] as AllowedEnvironments;
    if (entry.environment === environment) return entry;
  }
  const rules = p.programme.selection;
  const allowed: readonly string[] = rules === null ? [] : rules.environmentsBySchool.value[environment];
  const permitted = new Uint8Array(p.abilities.size);
  for (const info of p.abilities.values())
    permitted[info.position] = allowed.includes(info.ability.environment) ? 1 : 0;
  const entry = { environment, allowed, copy: Object.freeze([...allowed]) as string[], permitted, chooseActions: [] };
  if (known.length < 64) known.push(entry);
  return entry;
}

function notApplicableItem(p: Prepared, selection: AbilitySelection): SelectionItem {
  const code = selection.abilityCode;
  const cached = p.notApplicable.get(code);
  if (cached !== undefined) return cached;
  const params = { code, programme: p.programme.name };
  const item = notCounted(selection, 'not-applicable', message('selection.not-applicable', params));
  return p.notApplicable.keep(code, frozenItem(item));
}

function unknownAbilityItem(p: Prepared, selection: AbilitySelection): SelectionItem {
  const code = selection.abilityCode;
  const cached = p.unknownAbility.get(code);
  if (cached !== undefined) return cached;
  const params = { code, catalogue: p.catalogue.name };
  const item = notCounted(selection, 'unknown-ability', message('selection.unknown-ability', params));
  return p.unknownAbility.keep(code, frozenItem(item));
}

function outsideEnvironmentItem(
  p: Prepared,
  info: AbilityInfo,
  selection: AbilitySelection,
  school: SchoolContext,
  allowed: readonly string[],
): SelectionItem {
  const cached = info.outsideEnvironment.get(school.environment);
  if (cached !== undefined) return cached;
  const { ability } = info;
  const params = {
    code: ability.code,
    environment: p.index.environmentNames.get(ability.environment) ?? ability.environment,
    schoolEnvironment: label(`label.school.${school.environment}`),
    allowed,
  };
  const item = frozenItem({
    ...notCounted(selection, 'environment-not-available', message('selection.environment-not-available', params)),
    environment: ability.environment,
    dimension: ability.dimension,
  });
  if (info.outsideEnvironment.size < 64) info.outsideEnvironment.set(school.environment, item);
  return item;
}

/**
 * A shortlist as one number, the catalogue positions of its codes (+1) in base 32, or -1 when that does not fit
 * (more than nine codes, a code outside the catalogue, a catalogue of more than 31 abilities).
 */
function shortlistKey(p: Prepared, shortlist: readonly string[]): number {
  if (shortlist.length > 9 || p.abilities.size > 31) return -1;
  let key = 0;
  for (let i = 0; i < shortlist.length; i++) {
    const info = p.abilities.get(shortlist[i] as string);
    if (info === undefined) return -1;
    key = key * 32 + info.position + 1;
  }
  return key;
}

function notOnShortlistItem(
  p: Prepared,
  info: AbilityInfo,
  selection: AbilitySelection,
  shortlist: string[],
  listKey: number,
): SelectionItem {
  const code = info.ability.code;
  // By the shortlist's number and the ability's position when it has one, else by the codes joined.
  const key = listKey >= 0 ? listKey * 32 + info.position : -1;
  const text = key >= 0 ? '' : `${code}\u0000${shortlist.join('\u0000')}`;
  const cached = key >= 0 ? p.shortlisted.get(key) : p.notOnShortlist.get(text);
  if (cached !== undefined) return cached;
  if (key >= 0 ? !p.shortlisted.hasRoom() : p.notOnShortlist.size() >= LIMIT) {
    return unsharedNotOnShortlistItem(info, selection, shortlist);
  }
  // The shortlist is the caller's array: the shared message keeps a copy of it.
  const reason = message('selection.not-on-shortlist', {
    code,
    shortlist: Object.freeze(shortlist.length > 0 ? [...shortlist] : [label('label.none')]),
  });
  const located = { environment: info.ability.environment, dimension: info.ability.dimension };
  const item = frozenItem({ ...notCounted(selection, 'not-on-shortlist', reason), ...located });
  return key >= 0 ? p.shortlisted.keep(key, item) : p.notOnShortlist.keep(text, item);
}

const NOT_ON_SHORTLIST = 'selection.not-on-shortlist';

/**
 * The same item, for this teacher only, once the shared table is full (more distinct shortlists than it keeps): made
 * by literals of its own, not by those of the shared items. V8 allocates straight into the old generation where most
 * objects made so far survived (the shared items, messages); this teacher's item made there would die old and keep
 * its young strings alive through every young collection until a full one: with the benchmark's random shortlists,
 * 320 KB survived each and collection took 30 ms of a run over 100,000 teachers instead of 10. Same fields in the
 * same order as notOnShortlistItem's.
 */
function unsharedNotOnShortlistItem(info: AbilityInfo, selection: AbilitySelection, shortlist: string[]) {
  const { code, environment, dimension } = info.ability;
  const params = { code, shortlist: shortlist.length > 0 ? [...shortlist] : [label('label.none')] };
  const reason: Message = {
    key: NOT_ON_SHORTLIST,
    params,
    zh: renderMessage('zh-CN', NOT_ON_SHORTLIST, params),
    en: renderMessage('en', NOT_ON_SHORTLIST, params),
  };
  const item: SelectionItem = {
    abilityCode: selection.abilityCode,
    counted: false,
    environment,
    dimension,
    reason: { code: 'not-on-shortlist', message: reason },
  };
  return item;
}

function duplicateItem(info: AbilityInfo, selection: AbilitySelection): SelectionItem {
  const code = info.ability.code;
  info.duplicate ??= frozenItem({
    ...notCounted(selection, 'duplicate', message('selection.duplicate', { code })),
    environment: info.ability.environment,
    dimension: info.ability.dimension,
  });
  return info.duplicate;
}

function countedItem(info: AbilityInfo): SelectionItem {
  const { code, environment, dimension } = info.ability;
  info.counted ??= frozenItem({ abilityCode: code, counted: true, environment, dimension, reason: null });
  return info.counted;
}

const toRef = (d: { id: string; name: DimensionRef['name'] }): DimensionRef =>
  Object.freeze({ id: d.id, name: d.name });

/** Dimensions covered and missing, by the set of covered dimension indexes (a bit each). */
function dimensionSets(p: Prepared, mask: number): DimensionSet {
  const cached = p.dimensionSets.get(mask);
  if (cached !== undefined) return cached;
  const dimensions = p.catalogue.dimensions;
  const ids = new Set(dimensions.filter((_, i) => (mask & (1 << i)) !== 0).map((d) => d.id));
  const covered = Object.freeze(dimensions.filter((d) => ids.has(d.id)).map(toRef)) as DimensionRef[];
  const missing =
    p.programme.selection === null ? [] : (dimensions.filter((d) => !ids.has(d.id)).map(toRef) as DimensionRef[]);
  const set = { covered, missing: Object.freeze(missing) as DimensionRef[], coverAction: undefined };
  return p.dimensionSets.keep(mask, set);
}

/**
 * The prepared entries behind the last selection summary (synchronous, never re-entered): next-actions.ts keeps the
 * actions decided by them there, once it has checked that they are the summary's (the lists are the same objects).
 */
export const lastSelection: { allowed: AllowedEnvironments | undefined; dimensions: DimensionSet | undefined } = {
  allowed: undefined,
  dimensions: undefined,
};

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
  return evaluateSelectionPrepared(prepare(programme, catalogue), school, selections);
}

// The counted codes of one evaluation (synchronous, never re-entered), copied out at the end.
const scratchCodes: string[] = [];

/** As evaluateSelection; the counted abilities' prepared entries are also written, in order, into `countedInfos`. */
export function evaluateSelectionPrepared(
  p: Prepared,
  school: SchoolContext,
  selections: readonly AbilitySelection[],
  countedInfos: AbilityInfo[] | null = null,
): SelectionSummary {
  const rules = p.programme.selection;
  const environments = allowedFor(p, school.environment);
  const { allowed, copy, permitted } = environments;
  const shortlist = rules?.shortlistEnforced.value && school.shortlist ? school.shortlist : null;
  const items = new Array<SelectionItem>(selections.length);
  let counted = 0;
  let listKey = -2; // the shortlist's number (shortlistKey), worked out at the first ability not on it
  // Covered dimensions as bits; catalogues have a handful (2.0: four), more than 30 do not fit and are not cached.
  const bits = p.catalogue.dimensions.length <= 30;
  let mask = 0;

  for (let i = 0; i < selections.length; i++) {
    const selection = selections[i] as AbilitySelection;
    const code = selection.abilityCode;
    if (rules === null) {
      items[i] = notApplicableItem(p, selection);
      continue;
    }
    const info = p.abilities.get(code);
    if (info === undefined) items[i] = unknownAbilityItem(p, selection);
    else if (permitted[info.position] !== 1) {
      items[i] = outsideEnvironmentItem(p, info, selection, school, allowed);
    } else if (shortlist !== null && !shortlist.includes(code)) {
      if (listKey === -2) listKey = shortlistKey(p, shortlist);
      items[i] = notOnShortlistItem(p, info, selection, shortlist, listKey);
    } else if (countedBefore(code, counted)) items[i] = duplicateItem(info, selection);
    else {
      if (countedInfos !== null) countedInfos[counted] = info;
      scratchCodes[counted++] = code;
      if (info.dimension >= 0) mask |= 1 << info.dimension;
      items[i] = countedItem(info);
    }
  }
  const countedCodes = firstOf(scratchCodes, counted);

  let dimensionsCovered: DimensionRef[];
  let dimensionsMissing: DimensionRef[];
  lastSelection.allowed = environments;
  lastSelection.dimensions = undefined;
  if (bits) {
    const set = dimensionSets(p, mask);
    lastSelection.dimensions = set;
    dimensionsCovered = set.covered;
    dimensionsMissing = set.missing;
  } else {
    const covered = new Set(countedCodes.map((code) => p.index.abilities.get(code)?.dimension));
    const all = p.catalogue.dimensions;
    dimensionsCovered = all.filter((d) => covered.has(d.id)).map(toRef);
    dimensionsMissing = rules === null ? [] : all.filter((d) => !covered.has(d.id)).map(toRef);
  }
  return {
    applicable: rules !== null,
    chosen: selections.length,
    counted,
    countedCodes,
    allowedEnvironments: copy,
    shortlist,
    dimensionsCovered,
    dimensionsMissing,
    items,
  };
}

function countedBefore(code: string, counted: number): boolean {
  for (let k = 0; k < counted; k++) if (scratchCodes[k] === code) return true;
  return false;
}
