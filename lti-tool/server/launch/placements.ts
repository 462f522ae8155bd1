import type { Catalogue } from '../../../shared/domain';
import type { LtiResourceLinkItem } from '../lti/deep-linking';
import { ABILITY_SCORE_MAXIMUM } from '../services/review/gradebook';

/**
 * What a teacher or administrator can place in a course with Deep Linking. Each placement becomes an
 * `ltiResourceLink` whose custom parameters say what it opens; graded ones carry a `lineItem`, which makes the
 * platform create the gradebook column (Moodle honours it without advertising `accept_lineitem`).
 */
export type Placement =
  | { kind: 'ability'; abilityCode: string }
  | { kind: 'teacher-home' }
  | { kind: 'review-queue' }
  | { kind: 'school-dashboard' }
  | { kind: 'county-dashboard' };

export function placementKey(p: Placement): string {
  return p.kind === 'ability' ? `ability:${p.abilityCode}` : p.kind;
}

export function parsePlacementKey(key: string, catalogue: Catalogue): Placement | undefined {
  if (key.startsWith('ability:')) {
    const code = key.slice('ability:'.length);
    return catalogue.abilities.some((a) => a.code === code) ? { kind: 'ability', abilityCode: code } : undefined;
  }
  const simple = ['teacher-home', 'review-queue', 'school-dashboard', 'county-dashboard'] as const;
  return (simple as readonly string[]).includes(key) ? ({ kind: key } as Placement) : undefined;
}

const TITLES = {
  'teacher-home': { zh: '能力提升工程2.0 · 我的研修', en: 'Ability programme 2.0 · My progress' },
  'review-queue': { zh: '能力提升工程2.0 · 成果审核', en: 'Ability programme 2.0 · Review queue' },
  'school-dashboard': { zh: '能力提升工程2.0 · 学校进度', en: 'Ability programme 2.0 · School progress' },
  'county-dashboard': { zh: '能力提升工程2.0 · 区县进度', en: 'Ability programme 2.0 · County progress' },
} as const;

export function placementTitle(p: Placement, catalogue: Catalogue, lang: 'zh' | 'en'): string {
  if (p.kind !== 'ability') return TITLES[p.kind][lang];
  const ability = catalogue.abilities.find((a) => a.code === p.abilityCode);
  return `${p.abilityCode} ${ability ? ability.name[lang] : ''}`.trim();
}

export function contentItemFor(
  p: Placement,
  catalogue: Catalogue,
  launchUrl: string,
  lang: 'zh' | 'en',
): LtiResourceLinkItem {
  const title = placementTitle(p, catalogue, lang);
  const item: LtiResourceLinkItem = {
    type: 'ltiResourceLink',
    url: launchUrl,
    title,
    custom: p.kind === 'ability' ? { placement: 'ability', ability_code: p.abilityCode } : { placement: p.kind },
  };
  if (p.kind === 'ability') {
    item.text =
      lang === 'zh'
        ? `微能力点 ${title}：提交校本实践证据，查看审核结果。`
        : `Micro-ability ${title}: submit practice evidence and see the review.`;
    item.lineItem = {
      label: title,
      scoreMaximum: ABILITY_SCORE_MAXIMUM,
      resourceId: `ability:${p.abilityCode}`,
      tag: 'ability-grade',
    };
  }
  return item;
}
