import { message, type Message, type MessageKey, type MessageParams } from '../../i18n';
import { hoursToMinutes } from '../minutes';
import type { Ability, Catalogue } from '../schemas/catalogue';
import type { Programme } from '../schemas/programme';
import { indexCatalogue, type CatalogueIndex } from './catalogue-index';
import type {
  AbilityStatus,
  DimensionRef,
  HoursAmount,
  NextAction,
  NextActionCode,
  PeriodStatus,
  RegistryStatus,
  Requirement,
  RequirementId,
  SelectionItem,
} from './types';

/**
 * A province evaluates hundreds of thousands of teachers against one programme, and most of what the engine writes
 * (a requirement at 37.5 hours, "A3 is not in your environment", "log 12.5 more practice hours") recurs thousands
 * of times. So rendered messages and the small output objects built from them are made once per distinct value and
 * shared between teachers' results; they are frozen, so a caller that changed one would fail loudly instead of
 * changing every other teacher's result. Programmes and catalogues are treated as immutable.
 */

/** Entries a cache (or a trie) keeps; past that, values are built per call (no unbounded growth on odd data). */
export const LIMIT = 10000;

export class Memo<K, V> {
  private readonly map = new Map<K, V>();
  get(key: K): V | undefined {
    return this.map.get(key);
  }
  size(): number {
    return this.map.size;
  }
  keep(key: K, value: V): V {
    if (this.map.size < LIMIT) this.map.set(key, value);
    return value;
  }
}

/** A message frozen with its parameters (shallowly: parameter values may be programme or catalogue data). */
export function fixedMessage(key: MessageKey, params: MessageParams = {}): Message {
  return Object.freeze(message(key, Object.freeze(params)));
}

const PAIR_LIMIT = 32768; // 2^15: two figures below it (546 hours in minutes) pack into one small integer

/**
 * One number for a pair of non-negative integers (minutes, counts), or -1 when they do not fit. Keys stay below
 * 2^30 so V8 keeps them as small integers: larger ones are heap numbers, allocated on every lookup.
 */
export function pairKey(a: number, b: number): number {
  return a >= 0 && b >= 0 && a < PAIR_LIMIT && b < PAIR_LIMIT && Number.isInteger(a) && Number.isInteger(b)
    ? a * PAIR_LIMIT + b
    : -1;
}

/** A node of a trie of small integer codes (a submission's state, then one code per slot). */
export interface CodeTrie<V> {
  value: V | undefined;
  next: Map<number, CodeTrie<V>> | undefined;
}

/** What evaluation needs of one catalogue ability, looked up once per selection instead of rebuilt per teacher. */
export interface AbilityInfo {
  ability: Ability;
  /** Index of its dimension in catalogue.dimensions, or -1. */
  dimension: number;
  /** Slot id → index in ability.evidence.slots. */
  slotIndex: ReadonlyMap<string, number>;
  /** Two slots share an id (a catalogue error): such an ability is evaluated without the caches. */
  duplicateSlots: boolean;
  /** Statuses of submissions without limit problems, by the codes of their state and slots packed in one integer. */
  plain: Memo<number, AbilityStatus>;
  /** Other statuses by the codes of the submission's state and slots (see evidence.ts), and how many nodes. */
  statuses: CodeTrie<AbilityStatus>;
  statusNodes: number;
  /** Statuses without a submission, by the rule for missing items. */
  unsubmitted: [AbilityStatus | undefined, AbilityStatus | undefined];
  /** Per slot: the problems of a provided item, by their rendered parameters → a small number. */
  slotDetails: Array<Memo<string, number>>;
  counted: SelectionItem | undefined;
  duplicate: SelectionItem | undefined;
  outsideEnvironment: Map<string, SelectionItem>;
  ignored: Message | undefined;
}

/** A programme and catalogue pair with the data evaluation reads for every teacher, derived once. */
export interface Prepared {
  programme: Programme;
  catalogue: Catalogue;
  index: CatalogueIndex;
  abilities: ReadonlyMap<string, AbilityInfo>;
  startYear: number;
  endYear: number;
  totalMinMinutes: number;
  programmeRef: { id: string; dataVersion: string; edition: Programme['edition']; name: Programme['name'] };
  catalogueRef: { id: string; dataVersion: string };
  /** Minutes → { minutes, hours }, a sparse array by minutes. */
  amounts: HoursAmount[];
  outsideWindow: Memo<number, Message>;
  unknownTopic: Memo<string, Message>;
  /** Requirements by id, then by their actual figure (see requirements.ts). */
  requirements: Record<RequirementId, Memo<number, Requirement>>;
  notApplicable: Memo<string, SelectionItem>;
  unknownAbility: Memo<string, SelectionItem>;
  notOnShortlist: Memo<string, SelectionItem>;
  allowed: Map<string, { allowed: readonly string[]; copy: string[] }>;
  dimensionSets: Memo<number, { covered: DimensionRef[]; missing: DimensionRef[] }>;
  ignoredUnknown: Memo<string, Message>;
  /** Actions by code, then by what decides their parameters (minutes, a list of codes). */
  actions: Record<NextActionCode, Memo<number | string, NextAction>>;
  /** Actions whose parameters are a shared list (the allowed environments, the missing dimensions), by that list. */
  actionsByList: WeakMap<object, Memo<number, NextAction>>;
  abilityActions: WeakMap<AbilityStatus, NextAction | null>;
  period: Memo<string, PeriodStatus>;
  registry: Memo<string | number, RegistryStatus>;
  stateMessages: Memo<string, Message>;
}

const prepared = new WeakMap<Programme, WeakMap<Catalogue, Prepared>>();

function build(programme: Programme, catalogue: Catalogue): Prepared {
  const index = indexCatalogue(catalogue);
  const dimensionIndex = new Map<string, number>();
  catalogue.dimensions.forEach((d, i) => {
    if (!dimensionIndex.has(d.id)) dimensionIndex.set(d.id, i);
  });
  const abilities = new Map<string, AbilityInfo>();
  for (const [code, ability] of index.abilities) {
    const slotIndex = new Map<string, number>();
    ability.evidence.slots.forEach((slot, i) => slotIndex.set(slot.id, i)); // the last wins, as a Map built from them
    abilities.set(code, {
      ability,
      dimension: dimensionIndex.get(ability.dimension) ?? -1,
      slotIndex,
      duplicateSlots: slotIndex.size !== ability.evidence.slots.length,
      plain: new Memo(),
      statuses: { value: undefined, next: undefined },
      statusNodes: 0,
      unsubmitted: [undefined, undefined],
      slotDetails: ability.evidence.slots.map(() => new Memo()),
      counted: undefined,
      duplicate: undefined,
      outsideEnvironment: new Map(),
      ignored: undefined,
    });
  }
  const { startYear, endYear } = programme.period.window.value;
  return {
    programme,
    catalogue,
    index,
    abilities,
    startYear,
    endYear,
    totalMinMinutes: hoursToMinutes(programme.hours.totalMin.value),
    programmeRef: Object.freeze({
      id: programme.id,
      dataVersion: programme.dataVersion,
      edition: programme.edition,
      name: programme.name,
    }),
    catalogueRef: Object.freeze({ id: catalogue.id, dataVersion: catalogue.dataVersion }),
    amounts: [],
    outsideWindow: new Memo(),
    unknownTopic: new Memo(),
    requirements: {
      'self-assessment': new Memo(),
      'hours-total': new Memo(),
      'hours-online': new Memo(),
      'hours-practice': new Memo(),
      'practice-share': new Memo(),
      'abilities-selected': new Memo(),
      'dimensions-selected': new Memo(),
      'abilities-passed': new Memo(),
      'dimensions-passed': new Memo(),
    },
    notApplicable: new Memo(),
    unknownAbility: new Memo(),
    notOnShortlist: new Memo(),
    allowed: new Map(),
    dimensionSets: new Memo(),
    ignoredUnknown: new Memo(),
    actions: {
      'deadline-passed': new Memo(),
      'complete-self-assessment': new Memo(),
      'resubmit-evidence': new Memo(),
      'rework-failed-ability': new Memo(),
      'choose-abilities': new Memo(),
      'cover-dimensions': new Memo(),
      'complete-evidence': new Memo(),
      'submit-evidence': new Memo(),
      'log-practice-hours': new Memo(),
      'log-online-hours': new Memo(),
      'log-hours': new Memo(),
      'await-review': new Memo(),
      'request-certification': new Memo(),
    },
    actionsByList: new WeakMap(),
    abilityActions: new WeakMap(),
    period: new Memo(),
    registry: new Memo(),
    stateMessages: new Memo(),
  };
}

/** The prepared pair, built on first use and kept as long as the programme and catalogue objects live. */
export function prepare(programme: Programme, catalogue: Catalogue): Prepared {
  let byCatalogue = prepared.get(programme);
  if (byCatalogue === undefined) {
    byCatalogue = new WeakMap();
    prepared.set(programme, byCatalogue);
  }
  let p = byCatalogue.get(catalogue);
  if (p === undefined) {
    p = build(programme, catalogue);
    byCatalogue.set(catalogue, p);
  }
  return p;
}
