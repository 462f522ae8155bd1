import { useMemo, useState } from 'preact/hooks';
import type { AppConfig } from '../../../../shared/schemas/app-config';
import { createApi } from '../api/client';
import { AdminCourses } from './admin/AdminCourses';
import { AdminCourseCatalogue } from './admin/AdminCourseCatalogue';
import { AdminImport } from './admin/AdminImport';
import { AdminPlatforms } from './admin/AdminPlatforms';
import { AdminKeys } from './admin/AdminKeys';
import { AdminRoleGrants } from './admin/AdminRoleGrants';
import { AdminOrganisations } from './admin/AdminOrganisations';
import { AdminProgrammes } from './admin/AdminProgrammes';
import { AdminAbilityCatalogue } from './admin/AdminAbilityCatalogue';
import { AdminChecklist } from './admin/AdminChecklist';
import { AdminAssessors } from './admin/AdminAssessors';
import { AdminActivity } from './admin/AdminActivity';
import { AppContext, contextFor, type Lang } from './context';
import { ExportsPanel } from './exports/ExportsPanel';
import { HoursRegistrationPanel } from './exports/HoursRegistrationPanel';
import { CertificatesPanel } from './certificates/CertificatesPanel';
import { ExtensionPanel } from './extension/ExtensionPanel';
import { TeacherLinks } from './extension/TeacherLinks';
import { LibraryScreen } from './library/LibraryScreen';
import { initialView, tabsFor, type View } from './navigation';
import { ReviewQueue } from './review/ReviewQueue';
import { ReviewSubmission } from './review/ReviewSubmission';
import { SchoolsHome } from './schools/SchoolsHome';
import { AbilityTask } from './teacher/AbilityTask';
import { ChooseAbilities } from './teacher/ChooseAbilities';
import { TeacherHome } from './teacher/TeacherHome';

/**
 * The in-LMS app. One launch, one session: the view starts where the placement points (a deep-linked ability
 * opens its task page) and the tabs offer what the launch roles allow.
 */
export function App({ config }: { config: AppConfig }) {
  const [lang, setLang] = useState<Lang>(config.lang);
  const [view, setView] = useState<View>(() => initialView(config));
  const api = useMemo(() => createApi(config.apiBase, config.sessionToken, lang), [config, lang]);
  const ctx = useMemo(() => contextFor(api, lang, config), [api, lang, config]);
  const tabs = tabsFor(config.roles, config.oversight);
  const { t } = ctx;
  document.documentElement.lang = lang;

  return (
    <AppContext.Provider value={ctx}>
      <header class="topbar">
        <div>
          <strong>{t.appTitle}</strong>
          <span class="muted small">
            {' '}
            · {config.user.name}
            {config.context.title ? ` · ${config.context.title}` : ''}
          </span>
        </div>
        <button
          type="button"
          class="link"
          lang={lang === 'en' ? 'zh-CN' : 'en'}
          onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
        >
          {t.language}
        </button>
      </header>
      {tabs.length > 1 && (
        <nav class="tabs" aria-label={t.appTitle}>
          {tabs.map((tab) => (
            <button
              type="button"
              key={tab}
              class={view.tab === tab ? 'tab active' : 'tab'}
              aria-current={view.tab === tab ? 'page' : undefined}
              onClick={() => setView({ tab, screen: 'home' })}
            >
              {t.tabs[tab]}
            </button>
          ))}
        </nav>
      )}
      <main id="main">
        <TeacherLinks view={view} navigate={setView} />
        <Screen view={view} navigate={setView} />
      </main>
    </AppContext.Provider>
  );
}

function Screen({ view, navigate }: { view: View; navigate: (v: View) => void }) {
  if (view.tab === 'admin') {
    return (
      <div class="stack">
        <AdminChecklist />
        <AdminOrganisations />
        <AdminProgrammes />
        <AdminAbilityCatalogue />
        <AdminAssessors />
        <AdminCourses />
        <AdminCourseCatalogue />
        <AdminImport />
        <AdminPlatforms />
        <AdminActivity />
        <AdminKeys />
        <AdminRoleGrants />
      </div>
    );
  }
  if (view.tab === 'schools') return <SchoolsHome view={view} navigate={navigate} />;
  if (view.tab === 'review') {
    if (view.screen === 'submission') return <ReviewSubmission id={view.submissionId} navigate={navigate} />;
    return (
      <div class="stack">
        <ReviewQueue navigate={navigate} />
        <ExportsPanel />
        <HoursRegistrationPanel />
        <CertificatesPanel />
      </div>
    );
  }
  if (view.screen === 'choose') return <ChooseAbilities navigate={navigate} />;
  if (view.screen === 'library') return <LibraryScreen />;
  if (view.screen === 'extension') return <ExtensionPanel />;
  if (view.screen === 'ability') return <AbilityTask code={view.abilityCode} navigate={navigate} />;
  return <TeacherHome navigate={navigate} />;
}
