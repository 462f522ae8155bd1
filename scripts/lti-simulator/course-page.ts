/**
 * A Moodle-like course page for browser tests: `/mod/lti/view.php` shows the activity with the tool embedded in
 * an iframe ("Embed, without blocks"), whose document (`/mod/lti/launch.php`) auto-posts the login initiation, as
 * Moodle's launch.php does. The "logged-in user" is a query parameter, since the simulator has no Moodle login.
 */
import type { Request, Response } from 'express';
import { createLoginInitiation } from './auth';
import type { SimContext } from './context';
import { autoPostForm, messagePage } from './html';
import { firstString } from './util';

export const COURSE_PAGE_PATHS = { view: '/mod/lti/view.php', launch: '/mod/lti/launch.php' } as const;

function launchInput(req: Request) {
  const clientId = firstString(req.query.client_id) ?? '';
  const userId = firstString(req.query.user) ?? '';
  const courseId = firstString(req.query.course) ?? '';
  const resourceLinkId = firstString(req.query.id);
  const deepLinking = firstString(req.query.dl) === '1';
  return { clientId, userId, courseId, ...(deepLinking ? { deepLinking: true } : { resourceLinkId }) };
}

export function handleCourseView(_ctx: SimContext, req: Request, res: Response): void {
  const query = new URLSearchParams(req.query as Record<string, string>).toString();
  const src = `${COURSE_PAGE_PATHS.launch}?${query}`;
  res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Course</title>
<style>body{margin:0;font-family:sans-serif}header{padding:8px 16px;background:#f0f0f0}iframe{border:0;width:100%;height:calc(100vh - 44px)}</style></head>
<body><header>Moodle (simulator) · course ${req.query.course ?? ''}</header>
<iframe id="contentframe" title="LTI tool" src="${src.replace(/"/g, '&quot;')}" allow="clipboard-write"></iframe></body></html>`);
}

export function handleCourseLaunch(ctx: SimContext, req: Request, res: Response): void {
  try {
    const login = createLoginInitiation(ctx, launchInput(req));
    res.type('html').send(autoPostForm(login.url, login.form));
  } catch (err) {
    res
      .status(400)
      .type('html')
      .send(messagePage('Cannot launch', err instanceof Error ? err.message : String(err)));
  }
}
