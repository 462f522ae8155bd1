import { useState } from 'preact/hooks';
import type { EnrolmentView, StatusResponse } from '../../api/types';
import { ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import type { View } from '../navigation';
import { useResource } from '../use-resource';
import { MyCertificate } from '../certificates/MyCertificate';
import { HoursLedger } from './HoursLedger';
import { StatusView } from './StatusView';

/** The teacher's landing screen: the course's programme and school first, then where they stand. */
export function TeacherHome({ navigate }: { navigate: (view: View) => void }) {
  const { api, t, pick, lang } = useApp();
  const enrolment = useResource(() => api.get<EnrolmentView>('/me/enrolment'), [api]);

  if (enrolment.loading && !enrolment.data) return <Loading />;
  if (enrolment.error !== undefined) return <ErrorMessage error={enrolment.error} onRetry={enrolment.reload} />;
  const view = enrolment.data;
  if (!view) return null;
  if (view.state === 'unlinked') {
    return (
      <div class="notice" role="status">
        {pick(view.message)}
      </div>
    );
  }
  if (view.state === 'needs_school') return <ChooseSchool view={view} onChosen={enrolment.reload} />;
  return (
    <section aria-labelledby="status-heading">
      <h1 id="status-heading">{t.status.heading}</h1>
      <p class="muted small">
        {view.programme.name} · {view.school.name}
      </p>
      <Status
        lang={lang}
        onOpenAbility={(abilityCode) => navigate({ tab: 'teacher', screen: 'ability', abilityCode })}
        onChoose={() => navigate({ tab: 'teacher', screen: 'choose' })}
      />
    </section>
  );
}

function Status(props: { lang: string; onOpenAbility: (code: string) => void; onChoose: () => void }) {
  const { api } = useApp();
  const status = useResource(() => api.get<StatusResponse>('/me/status'), [api]);
  if (status.loading && !status.data) return <Loading />;
  if (status.error !== undefined) return <ErrorMessage error={status.error} onRetry={status.reload} />;
  if (!status.data) return null;
  return (
    <div class="stack">
      <StatusView status={status.data.status} onOpenAbility={props.onOpenAbility} onChoose={props.onChoose} />
      <MyCertificate />
      <HoursLedger enrolmentId={status.data.enrolment.enrolment.id} />
    </div>
  );
}

/** A county-wide course: the teacher names their school once, and the enrolment follows. */
function ChooseSchool({
  view,
  onChosen,
}: {
  view: Extract<EnrolmentView, { state: 'needs_school' }>;
  onChosen: () => void;
}) {
  const { api, lang } = useApp();
  const [schoolId, setSchoolId] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const en = lang === 'en';
  async function submit(e: Event) {
    e.preventDefault();
    if (!schoolId) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.send('PUT', '/me/school', { schoolId });
      onChosen();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="card" onSubmit={(e) => void submit(e)}>
      <h1>{en ? 'Which school are you at?' : '请选择您所在的学校'}</h1>
      <p class="muted small">{view.programme.name}</p>
      {error !== undefined && <ErrorMessage error={error} />}
      <label for="school">{en ? 'School' : '学校'}</label>
      <select
        id="school"
        value={schoolId}
        onChange={(e) => setSchoolId((e.target as HTMLSelectElement).value)}
        required
      >
        <option value="">{en ? 'Choose…' : '请选择…'}</option>
        {view.schools.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      <p>
        <button type="submit" disabled={!schoolId || busy}>
          {en ? 'Confirm' : '确定'}
        </button>
      </p>
    </form>
  );
}
