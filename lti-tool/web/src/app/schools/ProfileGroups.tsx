import { useEffect, useState } from 'preact/hooks';
import {
  PROFILE_LIMITS,
  type SchoolProfile as Profile,
  type SchoolProfileReply,
} from '../../../../../shared/api/school-profile';
import { Empty } from '../../components/status';
import { useApp } from '../context';
import type { ProfileStrings } from './profile-strings';
import { ChangeStatus, useProfileChange } from './profile-change';

type Props = { p: Profile; s: ProfileStrings; onReply: (r: SchoolProfileReply) => void };

/** The school's 教研组: the team opens, renames and deletes them and sets who belongs to each. */
export function ProfileGroups({ p, s, onReply }: Props) {
  const { api } = useApp();
  const [name, setName] = useState('');
  const change = useProfileChange(onReply);
  async function create(e: Event) {
    e.preventDefault();
    if (!name.trim()) return;
    if (await change.run(() => api.send('POST', `/schools/${p.school.id}/groups`, { name: name.trim() }))) setName('');
  }
  return (
    <div>
      <h4>{s.groups}</h4>
      {p.groups.length === 0 && <Empty>{s.noGroups}</Empty>}
      <ul class="attendance">
        {p.groups.map((g) => (
          <li key={g.id}>
            <Group p={p} s={s} onReply={onReply} group={g} />
          </li>
        ))}
      </ul>
      {p.can.edit && (
        <GroupNameForm
          label={s.newGroup}
          submit={s.create}
          name={name}
          setName={setName}
          busy={change.busy}
          onSubmit={create}
        />
      )}
      <ChangeStatus error={change.error} note={change.note} s={s} />
    </div>
  );
}

function Group({ p, s, onReply, group }: Props & { group: Profile['groups'][number] }) {
  const { api } = useApp();
  const [name, setName] = useState(group.name);
  const members = p.teachers.filter((t) => t.groupId === group.id).map((t) => t.enrolmentId);
  const [picked, setPicked] = useState(() => new Set(members));
  // Another group's save may have moved a teacher out of this one: start again from the stored list.
  const stored = members.join(',');
  useEffect(() => setPicked(new Set(stored ? stored.split(',') : [])), [stored]);
  const change = useProfileChange(onReply);
  const path = `/schools/${p.school.id}/groups/${group.id}`;
  const groupName = new Map(p.groups.map((g) => [g.id, g.name]));
  const toggle = (id: string) => {
    const next = new Set(picked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
  };
  const rename = (e: Event) => {
    e.preventDefault();
    if (name.trim()) void change.run(() => api.send('PATCH', path, { name: name.trim() }));
  };
  return (
    <details>
      <summary>
        <strong>{group.name}</strong> <span class="muted small">{s.members(group.members)}</span>
      </summary>
      <div class="stack">
        <fieldset disabled={!p.can.edit || change.busy}>
          <legend>{s.memberList}</legend>
          {p.teachers.length === 0 && <Empty>{s.noTeachers}</Empty>}
          <ul class="attendance">
            {p.teachers.map((t) => (
              <li key={t.enrolmentId}>
                <label>
                  <input type="checkbox" checked={picked.has(t.enrolmentId)} onChange={() => toggle(t.enrolmentId)} />{' '}
                  {t.name}
                  <span class="muted small">
                    {t.subject ? ` ${t.subject}` : ''}
                    {t.groupId && t.groupId !== group.id ? s.inOtherGroup(groupName.get(t.groupId) ?? '') : ''}
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {p.can.edit && (
            <button
              type="button"
              onClick={() => void change.run(() => api.send('PUT', `${path}/members`, { enrolmentIds: [...picked] }))}
            >
              {s.saveMembers}
            </button>
          )}
        </fieldset>
        {p.can.edit && (
          <>
            <GroupNameForm
              label={s.groupName}
              submit={s.saveName}
              name={name}
              setName={setName}
              busy={change.busy}
              onSubmit={rename}
            />
            <button
              type="button"
              class="secondary"
              disabled={change.busy}
              onClick={() =>
                window.confirm(s.confirmDelete(group.name)) && void change.run(() => api.send('DELETE', path))
              }
            >
              {s.deleteGroup}
            </button>
          </>
        )}
        <ChangeStatus error={change.error} note={change.note} s={s} />
      </div>
    </details>
  );
}

/** A group's name with its button: opening a new group and renaming one use the same form. */
function GroupNameForm(f: {
  label: string;
  submit: string;
  name: string;
  setName: (name: string) => void;
  busy: boolean;
  onSubmit: (e: Event) => void;
}) {
  return (
    <form class="row" onSubmit={f.onSubmit}>
      <label class="grow stack">
        {f.label}
        <input
          type="text"
          required
          maxLength={PROFILE_LIMITS.groupNameMaxChars}
          value={f.name}
          onInput={(e) => f.setName(e.currentTarget.value)}
        />
      </label>
      <button type="submit" disabled={f.busy}>
        {f.submit}
      </button>
    </form>
  );
}
