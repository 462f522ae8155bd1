import { message, type Message, type MessageKey, type MessageParams } from '../../i18n';
import { hoursToMinutes } from '../minutes';
import type { Ability, Catalogue } from '../schemas/catalogue';
import type { Programme } from '../schemas/programme';
import { indexCatalogue, type CatalogueIndex } from './catalogue-index';
import { KeyMemo, KeyTable } from './key-table';
import { requirementCount } from './requirements';
import type {
  AbilityStatus,
  CategoryHours,
  DimensionRef,
  HoursAmount,
  MissingItemRule,
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

/** Keys below this go in an array (a few ns a lookup, no hashing); larger ones in a bounded Map. */
const DENSE = 1 << 16;

/**
 * A Memo for non-negative integer keys (minutes, counts, packed codes): most of the engine's caches. The array is
 * filled without gaps, so V8 keeps it a plain array rather than a dictionary.
 */
export class IntMemo<V> {
  private readonly dense: Array<V | undefined> = [];
  private readonly sparse = new Memo<number, V>();
  get(key: number): V | undefined {
    return key >= 0 && key < DENSE ? this.dense[key] : this.sparse.get(key);
  }
  keep(key: number, value: V): V {
    if (key >= 0 && key < DENSE && Number.isInteger(key)) {
      const dense = this.dense;
      while (dense.length < key) dense.push(undefined);
      dense[key] = value;
      return value;
    }
    return this.sparse.keep(key, value);
  }
}

/**
 * The first `n` values of a scratch list, as a list of their own. Up to four by an array literal, which optimised
 * code allocates in place; a call to slice costs more than the copy for the handful of values a teacher has.
 */
export function firstOf<T>(list: readonly T[], n: number): T[] {
  switch (n) {
    case 0:
      return [];
    case 1:
      return [list[0] as T];
    case 2:
      return [list[0] as T, list[1] as T];
    case 3:
      return [list[0] as T, list[1] as T, list[2] as T];
    case 4:
      return [list[0] as T, list[1] as T, list[2] as T, list[3] as T];
    default:
      return list.slice(0, n);
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

/** Below 2^53 with the 5-bit prefix and at least 9 bits a slot: abilities with more slots use a string key. */
export const PACKED_SLOTS = 5;

export const OUTCOME_PASSED = 0;
export const OUTCOME_FAILED = 1;
export const OUTCOME_AWAITING = 2;
export const OUTCOME_NEEDS_TEACHER = 3;

/**
 * The statuses of one ability's submissions, shared between teachers, in lists by a position: the status, what the
 * rest of the evaluation reads of it (its outcome as one of the numbers above × 2, + 1 when graded 优秀) and, once
 * asked for, its next action with its priority. The evaluation reads these short lists, not the statuses, which
 * keeps a province's evaluation out of thousands of scattered objects.
 */
export interface StatusLists {
  /** The submission's state and slot codes packed in one number (evidence.ts) → position. */
  keys: KeyTable;
  /** The same for abilities with more slots than one number holds, by the codes joined. */
  wideKeys: Memo<string, number>;
  statuses: AbilityStatus[];
  facts: number[];
  actions: Array<NextAction | null | undefined>;
  priorities: number[];
  /** Positions of the statuses without a submission, by the rule for missing items (-1: not made yet). */
  unsubmitted: [number, number];
}

export type MinutesActionCode = Extract<NextActionCode, 'log-practice-hours' | 'log-online-hours' | 'log-hours'>;

/** A node of a trie of small numbers (catalogue positions) holding an action. */
export interface ActionTrie {
  action: NextAction | undefined;
  next: Array<ActionTrie | undefined> | undefined;
}

/** A slot's sets of limit problems seen so far, numbered 1, 2, … (evidence.ts). */
export interface SlotProblems {
  count: number;
  /** The highest number: past it, statuses with new problems are evaluated without the cache. */
  limit: number;
  /** By the rendered values packed into one number. */
  byNumber: KeyMemo<number>;
  /** By the rendered values joined, when they do not fit in one number. */
  byText: Memo<string, number>;
  /** Wrong extensions seen, numbered. */
  extensions: Memo<string, number>;
}

/** What evaluation needs of one catalogue ability, looked up once per selection instead of rebuilt per teacher. */
export interface AbilityInfo {
  ability: Ability;
  /** Index of its dimension in catalogue.dimensions, or -1. */
  dimension: number;
  /** 1 << dimension, or 0 when that does not fit in a 31-bit mask (or the dimension is unknown). */
  dimensionBit: number;
  /** Slot id → index in ability.evidence.slots. */
  slotIndex: ReadonlyMap<string, number>;
  /** Two slots share an id (a catalogue error): such an ability is evaluated without the caches. */
  duplicateSlots: boolean;
  /** Position in the catalogue's abilities. */
  position: number;
  statuses: StatusLists;
  /** Per slot: the problems of a provided item, by their rendered parameters → a small number. */
  slotDetails: SlotProblems[];
  /**
   * 2^bits, the room a slot's code (provided, grade, problem number: 3 bits + the number) has in the packed key:
   * 48 bits shared between the slots, at most 16 each.
   */
  slotWidth: number;
  counted: SelectionItem | undefined;
  duplicate: SelectionItem | undefined;
  outsideEnvironment: Map<string, SelectionItem>;
  ignored: Message | undefined;
}

/** What a school environment may choose, and what is decided from it alone. */
export interface AllowedEnvironments {
  environment: string;
  allowed: readonly string[];
  /** The list as results carry it (frozen, shared). */
  copy: string[];
  /** By an ability's position: 1 when its environment is allowed (instead of a search of the list per selection). */
  permitted: Uint8Array;
  /** 'Choose n more abilities' by n (next-actions.ts). */
  chooseActions: Array<NextAction | undefined>;
}

/** Dimensions covered and missing for one set of covered dimensions (selection.ts), and the action for the missing. */
export interface DimensionSet {
  covered: DimensionRef[];
  missing: DimensionRef[];
  coverAction: NextAction | undefined;
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
  /** Minutes → { minutes, hours }. */
  amounts: IntMemo<HoursAmount>;
  /** No hours (outside the window, for most teachers), shared. */
  noHours: CategoryHours | undefined;
  /** By the minutes and school year as one number (pairKey), in a typed hash table rather than a Map. */
  outsideWindow: KeyMemo<Message>;
  unknownTopic: Memo<string, Message>;
  /** Requirements by id, then by their actual figure (see requirements.ts). */
  requirements: Record<RequirementId, IntMemo<Requirement>>;
  notApplicable: Memo<string, SelectionItem>;
  unknownAbility: Memo<string, SelectionItem>;
  notOnShortlist: Memo<string, SelectionItem>;
  /** The same by the shortlist's number and the ability's position (selection.ts). */
  shortlisted: KeyMemo<SelectionItem>;
  /** By school environment, the few there are (found by a scan: a Map lookup per teacher shows). */
  allowed: AllowedEnvironments[];
  dimensionSets: IntMemo<DimensionSet>;
  ignoredUnknown: Memo<string, Message>;
  /** Hours still to log, by minutes. */
  minuteActions: Record<MinutesActionCode, IntMemo<NextAction>>;
  selfAssessmentActions: IntMemo<NextAction>;
  deadlineAction: NextAction | undefined;
  certificationAction: NextAction | undefined;
  /** 'Wait for the review of …' by the catalogue positions of the abilities waiting, and how many nodes. */
  awaitReview: ActionTrie;
  awaitReviewNodes: number;
  /** Actions whose parameters are a shared list (the allowed environments, the missing dimensions), by that list. */
  actionsByList: WeakMap<object, Memo<number, NextAction>>;
  period: Memo<string, PeriodStatus>;
  lastPeriod: { asOf: string | undefined; period: PeriodStatus } | undefined;
  /** Registry figures by date, then by the flags of period.ts. */
  registry: Memo<string, Array<RegistryStatus | undefined>>;
  lastRegistry: { asOf: string; byFlags: Array<RegistryStatus | undefined> } | undefined;
  requirementCount: number;
  missingRule: MissingItemRule;
  /** Certified messages by issue date; the others by state (state.ts). */
  stateMessages: Memo<string, Message>;
  stateMessageList: Array<Message | undefined>;
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
    const dimension = dimensionIndex.get(ability.dimension) ?? -1;
    const slotCount = ability.evidence.slots.length;
    const bits = slotCount <= PACKED_SLOTS ? Math.min(16, Math.floor(48 / Math.max(1, slotCount))) : 12;
    abilities.set(code, {
      ability,
      dimension,
      dimensionBit: dimension >= 0 && dimension < 31 ? 1 << dimension : 0,
      slotIndex,
      duplicateSlots: slotIndex.size !== ability.evidence.slots.length,
      position: abilities.size,
      statuses: {
        keys: new KeyTable(),
        wideKeys: new Memo(),
        statuses: [],
        facts: [],
        actions: [],
        priorities: [],
        unsubmitted: [-1, -1],
      },
      slotWidth: 2 ** bits,
      slotDetails: ability.evidence.slots.map(() => ({
        count: 0,
        limit: Math.min(2 ** (bits - 3) - 1, 1023),
        byNumber: new KeyMemo(LIMIT),
        byText: new Memo(),
        extensions: new Memo(),
      })),
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
    amounts: new IntMemo(),
    noHours: undefined,
    outsideWindow: new KeyMemo(LIMIT),
    unknownTopic: new Memo(),
    requirements: {
      'self-assessment': new IntMemo(),
      'hours-total': new IntMemo(),
      'hours-online': new IntMemo(),
      'hours-practice': new IntMemo(),
      'practice-share': new IntMemo(),
      'abilities-selected': new IntMemo(),
      'dimensions-selected': new IntMemo(),
      'abilities-passed': new IntMemo(),
      'dimensions-passed': new IntMemo(),
    },
    notApplicable: new Memo(),
    unknownAbility: new Memo(),
    notOnShortlist: new Memo(),
    shortlisted: new KeyMemo(LIMIT),
    allowed: [],
    dimensionSets: new IntMemo(),
    ignoredUnknown: new Memo(),
    minuteActions: {
      'log-practice-hours': new IntMemo(),
      'log-online-hours': new IntMemo(),
      'log-hours': new IntMemo(),
    },
    selfAssessmentActions: new IntMemo(),
    deadlineAction: undefined,
    certificationAction: undefined,
    awaitReview: { action: undefined, next: undefined },
    awaitReviewNodes: 0,
    actionsByList: new WeakMap(),
    period: new Memo(),
    lastPeriod: undefined,
    registry: new Memo(),
    lastRegistry: undefined,
    requirementCount: requirementCount(programme),
    missingRule: programme.evidence?.missingRequiredItem.value ?? 'incomplete',
    stateMessages: new Memo(),
    stateMessageList: [undefined, undefined, undefined, undefined],
  };
}

/** The pair asked for last: a province is evaluated against one pair, and two WeakMap lookups per teacher show. */
let last: Prepared | undefined;

/**
 * The prepared pair, built on first use and kept as long as the programme and catalogue objects live (the last one
 * used is also held, so one pair at most outlives its callers).
 */
export function prepare(programme: Programme, catalogue: Catalogue): Prepared {
  if (last !== undefined && last.programme === programme && last.catalogue === catalogue) return last;
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
  return (last = p);
}
