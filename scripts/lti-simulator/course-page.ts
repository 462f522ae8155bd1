/**
 * A Moodle-like course page for browser tests: `/mod/lti/view.php` shows the activity with the tool embedded in
 * an iframe ("Embed, without blocks"), whose document (`/mod/lti/launch.php`) auto-posts the login initiation, as
 * Moodle's launch.php does. The "logged-in user" is a query parameter, since the simulator has no Moodle login.
 */
import type { Request, Response } from 'express';
import { createLoginInitiation } from './auth';
import type { SimContext } from './context';
import { autoPostForm, messagePage } from './html';
import { escapeHtml, firstString } from './util';

export const COURSE_PAGE_PATHS = {
  view: '/mod/lti/view.php',
  launch: '/mod/lti/launch.php',
  course: '/course/view.php',
} as const;

/** The course page of a user: where Moodle returns after Deep Linking, as `/course/view.php?id=…`. */
export function coursePageUrl(courseId: string, clientId: string, userId: string): string {
  return `${COURSE_PAGE_PATHS.course}?${new URLSearchParams({ id: courseId, client_id: clientId, user: userId })}`;
}

/** The course's activities of every tool, each opening in the embedded view, as a Moodle course page lists them. */
export function handleCoursePage(ctx: SimContext, req: Request, res: Response): void {
  const courseId = firstString(req.query.id) ?? '';
  const userId = firstString(req.query.user) ?? '';
  const course = ctx.state.courses.get(courseId);
  if (!course) {
    res
      .status(404)
      .type('html')
      .send(messagePage('Course not found', `no course ${courseId}`));
    return;
  }
  const items = [...ctx.state.links.values()]
    .filter((l) => l.courseId === courseId)
    .map((l) => {
      const clientId = ctx.state.tools.get(l.typeId)?.clientId ?? '';
      const href = `${COURSE_PAGE_PATHS.view}?${new URLSearchParams({ client_id: clientId, course: courseId, user: userId, id: l.id })}`;
      return `<li class="activity" data-id="${escapeHtml(l.id)}"><a href="${escapeHtml(href)}">${escapeHtml(l.title)}</a></li>`;
    });
  res.type('html')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(course.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header>Moodle (simulator)</header><h1>${escapeHtml(course.title)}</h1>
<ul id="activities">${items.join('')}</ul></body></html>`);
}

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
