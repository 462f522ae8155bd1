import { useState } from 'preact/hooks';
import type { ScopeReply } from '../../../../../shared/api/schools';
import { ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import type { View } from '../navigation';
import { useResource } from '../use-resource';
import { CountyOverview } from './CountyOverview';
import { SchoolDashboard } from './SchoolDashboard';

/**
 * The school team's dashboard, or the county (city, institution) overview with drill-down to a school: the server
 * says which from the person's grants, and refuses anything outside them.
 */
export function SchoolsHome({ view, navigate }: { view: View; navigate: (v: View) => void }) {
  const { api } = useApp();
  const scope = useResource(() => api.get<ScopeReply>('/schools/scope'), [api]);
  // Where the officer has drilled to (a city, a county): kept here so the way back from a school returns to it.
  const [at, setAt] = useState<string | undefined>(undefined);
  if (scope.loading && !scope.data) return <Loading />;
  if (scope.error !== undefined || !scope.data) return <ErrorMessage error={scope.error} onRetry={scope.reload} />;
  const home = () => navigate({ tab: 'schools', screen: 'home' });
  if (view.tab === 'schools' && view.screen === 'school') {
    return (
      <SchoolDashboard
        schoolId={view.schoolId}
        back={scope.data.level === 'school' && scope.data.schools === 1 ? undefined : home}
      />
    );
  }
  const only = scope.data.roots[0];
  if (scope.data.level === 'school' && scope.data.schools === 1 && only) return <SchoolDashboard schoolId={only.id} />;
  return (
    <CountyOverview
      scope={scope.data}
      at={at}
      setAt={setAt}
      openSchool={(schoolId) => navigate({ tab: 'schools', screen: 'school', schoolId })}
    />
  );
}
