import { useEffect } from 'preact/hooks';

/**
 * Admin sections announce a change to the set-up (tree imported, programme created, assessor granted) with a page
 * event, so the checklist and the sections that list what changed re-read without knowing each other.
 */
const SETUP_CHANGED = 'admin-setup-changed';

export const announceSetupChange = () => window.dispatchEvent(new Event(SETUP_CHANGED));

export function useOnSetupChange(reload: () => void) {
  useEffect(() => {
    window.addEventListener(SETUP_CHANGED, reload);
    return () => window.removeEventListener(SETUP_CHANGED, reload);
  }, [reload]);
}
