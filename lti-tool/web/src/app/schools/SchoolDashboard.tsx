import { useState } from 'preact/hooks';
import type { SchoolReply, TeacherRow } from '../../../../../shared/api/schools';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import { day, FigureList } from './CountyOverview';
import { SchoolActivities } from './Activities';
import { SchoolArtefacts } from './Artefacts';
import { Reminders } from './Reminders';
import { SchoolProfile } from './SchoolProfile';
import { schoolStrings, type SchoolStrings } from './strings';

const behind = (t: TeacherRow) => t.state !== 'ready_to_certify' && t.state !== 'certified';

/** One school: by group (click to narrow), by micro-ability, by teacher with the engine's words, reminders. */
export function SchoolDashboard(props: { schoolId: string; back?: () => void }) {
  const { api, lang } = useApp();
  const s = schoolStrings(lang);
  const [groupId, setGroupId] = useState<string | null>(null);
  const data = useResource(
    () => api.get<SchoolReply>(`/schools/${props.schoolId}${groupId ? `?groupId=${groupId}` : ''}`),
    [api, props.schoolId, groupId],
  );
  const board = data.data;
  return (
    <div class="stack">
      {props.back && (
        <button type="button" class="link" onClick={props.back}>
          ← {s.backToOverview}
        </button>
      )}
      <h2>
        {s.schoolHeading}
        {board ? `：${board.school.name}` : ''}
      </h2>
      {data.loading && !board && <Loading />}
      {data.error !== undefined && <ErrorMessage error={data.error} onRetry={data.reload} />}
      {board && <SchoolProfile schoolId={props.schoolId} onChanged={data.reload} />}
      {board && board.total.teachers === 0 && !groupId && <Empty>{s.noTeachers}</Empty>}
      {board && (board.total.teachers > 0 || groupId) && (
        <>
          <section class="card">
            <FigureList f={board.total} s={s} />
          </section>
          <Groups board={board} s={s} selected={groupId} select={setGroupId} />
          <Abilities board={board} s={s} />
          <Teachers teachers={board.teachers} s={s} />
          <Reminders schoolId={props.schoolId} groupId={groupId} teachers={board.teachers.filter(behind)} />
        </>
      )}
      {board && <SchoolArtefacts schoolId={props.schoolId} />}
      {board && <SchoolActivities schoolId={props.schoolId} teachers={board.teachers} />}
    </div>
  );
}

function Groups(props: {
  board: SchoolReply;
  s: SchoolStrings;
  selected: string | null;
  select: (id: string | null) => void;
}) {
  const { board, s } = props;
  return (
    <section class="card">
      <h3>{s.groups}</h3>
      <table class="table stacked">
        <thead>
          <tr>
            <th scope="col">{s.group}</th>
            <th scope="col">{s.teachers}</th>
            <th scope="col">{s.behind}</th>
            <th scope="col">{s.passRate}</th>
            <th scope="col">{s.excellentRate}</th>
          </tr>
        </thead>
        <tbody>
          {board.groups.map((g) => (
            <tr key={g.id ?? 'none'} class={props.selected === g.id ? 'selected' : undefined}>
              <th scope="row">
                {g.id ? (
                  <button
                    type="button"
                    class="link"
                    aria-pressed={props.selected === g.id}
                    onClick={() => props.select(props.selected === g.id ? null : g.id)}
                  >
                    {g.name}
                  </button>
                ) : (
                  s.noGroup
                )}
              </th>
              <td data-label={s.teachers}>{g.teachers}</td>
              <td data-label={s.behind}>{g.teachers - g.states.ready_to_certify - g.states.certified}</td>
              <td data-label={s.passRate}>{g.passRate}%</td>
              <td data-label={s.excellentRate}>{g.excellentRate}%</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.selected && (
        <button type="button" class="secondary" onClick={() => props.select(null)}>
          {s.allTeachers}
        </button>
      )}
    </section>
  );
}

function Abilities({ board, s }: { board: SchoolReply; s: SchoolStrings }) {
  if (board.abilities.length === 0) return null;
  return (
    <section class="card">
      <h3>{s.abilities}</h3>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{s.ability}</th>
            <th scope="col">{s.chosen}</th>
            <th scope="col">{s.passed}</th>
          </tr>
        </thead>
        <tbody>
          {board.abilities.map((a) => (
            <tr key={a.abilityCode}>
              <th scope="row">{a.abilityCode}</th>
              <td>{a.chosen}</td>
              <td>{a.passed}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Teachers, furthest behind first; each opens to the engine's next actions (the drill-down's last level). */
function Teachers({ teachers, s }: { teachers: TeacherRow[]; s: SchoolStrings }) {
  const { pick } = useApp();
  return (
    <section class="card">
      <h3>{s.byTeacher}</h3>
      <ul class="teacher-list">
        {teachers.map((t) => (
          <li key={t.enrolmentId}>
            <details>
              <summary>
                <strong>{t.name}</strong> <span class={`badge state-${t.state}`}>{s.states[t.state]}</span>
                <span class="muted small">
                  {' '}
                  {t.groupName ?? s.noGroup} · {t.onlineHours}+{t.practiceHours} {s.hoursUnit} · {t.abilitiesPassed}/
                  {t.abilitiesChosen}
                </span>
              </summary>
              <p class="muted small">
                {s.chosen} {t.abilitiesChosen} · {s.submitted} {t.abilitiesSubmitted} · {s.passed} {t.abilitiesPassed} ·{' '}
                {s.lastActivity} {day(t.lastActivityAt)}
              </p>
              {t.missing.length === 0 ? (
                <p class="ok">{s.nothingToDo}</p>
              ) : (
                <ol class="actions" aria-label={s.toDo}>
                  {t.missing.map((m, i) => (
                    <li key={i}>{pick(m)}</li>
                  ))}
                </ol>
              )}
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
