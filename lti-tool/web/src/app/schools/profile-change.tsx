import { useState } from 'preact/hooks';
import type { SchoolProfileReply } from '../../../../../shared/api/school-profile';
import { ErrorMessage } from '../../components/status';
import type { ProfileStrings } from './profile-strings';

/** Runs one change of the profile: the reply is the whole profile, shown at once; errors stay beside the form. */
export function useProfileChange(onReply: (p: SchoolProfileReply) => void) {
  const [error, setError] = useState<unknown>();
  const [note, setNote] = useState<'saved' | 'unchanged'>();
  const [busy, setBusy] = useState(false);
  async function run(action: () => Promise<SchoolProfileReply>) {
    setError(undefined);
    setNote(undefined);
    setBusy(true);
    try {
      const reply = await action();
      setNote(reply.changed ? 'saved' : 'unchanged');
      onReply(reply);
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { error, note, busy, run };
}

export function ChangeStatus(props: { error: unknown; note: 'saved' | 'unchanged' | undefined; s: ProfileStrings }) {
  return (
    <>
      {props.note && (
        <p class="muted small" role="status">
          {props.s[props.note]}
        </p>
      )}
      {props.error !== undefined && <ErrorMessage error={props.error} />}
    </>
  );
}
