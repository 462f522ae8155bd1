import type { Frame, Page } from 'playwright-core';

export interface MoodleLaunch {
  /** The simulated Moodle's issuer URL. */
  issuer: string;
  clientId: string;
  course: number;
  user: number;
  /** The resource link's id in the course. */
  link: number;
}

/**
 * Opens the tool as Moodle's course page shows it (launch container `embed`): the activity page with the tool in
 * `#contentframe`. Returns the tool's frame once the frame has a document; `ready` waits for that selector too
 * (the app's top bar by default, `null` for refusal pages that have none).
 */
export async function openInMoodle(
  page: Page,
  launch: MoodleLaunch,
  ready: string | null = 'header.topbar',
): Promise<Frame> {
  const query = new URLSearchParams({
    client_id: launch.clientId,
    course: String(launch.course),
    user: String(launch.user),
    id: String(launch.link),
  });
  await page.goto(`${launch.issuer}/mod/lti/view.php?${query}`);
  await page.frameLocator('#contentframe').locator('body').waitFor();
  const frame = await (await page.locator('#contentframe').elementHandle())?.contentFrame();
  if (!frame) throw new Error('no tool frame');
  if (ready) await frame.locator(ready).waitFor();
  return frame;
}

/** True when the frame's page is no wider than its viewport (nothing scrolls sideways). */
export const noSideScroll = (frame: Frame) =>
  frame.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
