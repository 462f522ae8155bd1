import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { MOODLE_FIXTURES } from '../fixtures/moodle';

/**
 * On the tool's admin page (in Moodle's frame): opens the completions import, picks the recorded Moodle
 * course-completion export and asks for its preview. Returns the completions import's section.
 */
export async function previewFixtureExport(frame: Frame) {
  await frame.getByRole('button', { name: '平台管理' }).click();
  // The admin page holds several imports (organisation tree, completions, …): act inside the completions one.
  const completions = frame.locator('section[aria-labelledby="import-heading"]');
  await completions.getByRole('button', { name: '创建' }).click();
  await completions
    .getByLabel('报表文件（CSV、XLSX 或 ODS）')
    .setInputFiles(join(MOODLE_FIXTURES, 'exports/course-completion.csv'));
  await completions.getByRole('button', { name: '预览' }).click();
  return completions;
}
