import type { AppConfig } from '../../../../shared/schemas/app-config';

export type Tab = 'teacher' | 'review' | 'schools' | 'admin';

/** Where the app is: a tab and a screen inside it, with the item it shows. */
export type View =
  | { tab: Tab; screen: 'home' }
  | { tab: 'teacher'; screen: 'choose' }
  | { tab: 'teacher'; screen: 'library' | 'extension' }
  | { tab: 'teacher'; screen: 'ability'; abilityCode: string }
  | { tab: 'review'; screen: 'submission'; submissionId: string }
  | { tab: 'schools'; screen: 'school'; schoolId: string };

export function tabsFor(roles: AppConfig['roles'], oversight: AppConfig['oversight'] = null): Tab[] {
  const tabs: Tab[] = [];
  if (roles.includes('teacher')) tabs.push('teacher');
  if (roles.includes('assessor') || roles.includes('institution_admin')) tabs.push('review');
  // School team, county, city or institution oversight (issue 11): the school dashboard or county overview.
  if (oversight) tabs.push('schools');
  if (roles.includes('institution_admin')) tabs.push('admin');
  return tabs.length ? tabs : ['teacher'];
}

export function initialView(config: AppConfig): View {
  const tabs = tabsFor(config.roles, config.oversight);
  const dashboard = config.placement === 'school-dashboard' || config.placement === 'county-dashboard';
  if (dashboard && tabs.includes('schools')) return { tab: 'schools', screen: 'home' };
  if (config.placement === 'ability' && config.abilityCode && tabs.includes('teacher')) {
    return { tab: 'teacher', screen: 'ability', abilityCode: config.abilityCode };
  }
  if (config.placement === 'review-queue' && tabs.includes('review')) return { tab: 'review', screen: 'home' };
  if (config.placement === 'admin' && tabs.includes('admin')) return { tab: 'admin', screen: 'home' };
  return { tab: tabs[0] ?? 'teacher', screen: 'home' };
}
