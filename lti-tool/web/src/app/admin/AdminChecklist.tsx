import type { ChecklistReply, ChecklistStep } from '../../../../../shared/api/setup-checklist';
import { ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import { useOnSetupChange } from './setup-events';
import { setupStrings } from './setup-strings';

/** Where each step is done (the course mapping screen belongs to the completions feature). */
const TARGET: Record<ChecklistStep, string> = {
  register_lms: '#admin-heading',
  import_tree: '#admin-organisations',
  create_programme: '#admin-programmes',
  map_courses: '#course-catalogue-heading',
  invite_assessors: '#admin-assessors',
};

/** The admin home's first-run checklist: each step done or not, from the tenant's data. */
export function AdminChecklist() {
  const { api, lang } = useApp();
  const s = setupStrings(lang);
  const { data, error, reload } = useResource(() => api.get<ChecklistReply>('/admin/checklist'), [api]);
  useOnSetupChange(reload);
  return (
    <section aria-labelledby="checklist-heading" class="card stack" id="admin-checklist">
      <h2 id="checklist-heading">{s.checklist}</h2>
      {!data && error === undefined && <Loading />}
      {error !== undefined && <ErrorMessage error={error} onRetry={reload} />}
      {data && (
        <>
          <p class={data.complete ? 'notice' : 'muted small'}>{data.complete ? s.allDone : s.checklistIntro}</p>
          <ol class="checklist">
            {data.steps.map((step) => (
              <li key={step.id} class={step.done ? 'done' : 'todo'}>
                <a href={TARGET[step.id]}>{s.steps[step.id].title}</a>{' '}
                <span class={step.done ? 'ok small' : 'muted small'}>
                  ({step.done ? s.done : s.todo} · {s.steps[step.id].detail(step.counts)})
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
