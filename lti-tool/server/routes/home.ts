import { Router } from 'express';
import type { DemoPlatform } from '../demo/demo-platform';
import { escapeHtml } from '../http/html';
import { requestLanguage } from '../http/language';
import { sendPage } from '../lti/pages';

const ROLE_WORDS = {
  teacher: { zh: '参训教师', en: 'Teacher' },
  assessor: { zh: '审核专家', en: 'Assessor' },
  institution_admin: { zh: '机构管理员', en: 'Administrator' },
  school_team: { zh: '学校管理团队', en: 'School team' },
  county_admin: { zh: '区县管理员', en: 'County officer' },
} as const;

/**
 * `/`: what this server is, where to set it up, and, when the local demo runs, the sample users to open the tool
 * as (each opens a Moodle-like course page with the tool inside, through the real LTI launch).
 */
export function homeRouter(demo: DemoPlatform | undefined): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const lang = requestLanguage(req);
    const en = lang === 'en';
    const k = en ? 'en' : 'zh';
    const demoBlock = demo
      ? `<section class="box" aria-labelledby="demo-h"><h2 id="demo-h">${en ? 'Demo (local only, disabled in production)' : '演示（仅本机体验，生产环境不可用）'}</h2>
<p>${en ? 'A simulated Moodle course with a seeded county, schools, teachers and submissions. Open the tool as:' : '模拟的 Moodle 课程，已预置示范县的学校、教师和成果。选择身份进入：'}</p>
<ul>${demo.users
          .map(
            (u) =>
              `<li><a href="${escapeHtml(u.launchUrl)}">${escapeHtml(u.name)}</a> · ${ROLE_WORDS[u.role][k]}${u.school ? ` · ${escapeHtml(u.school)}` : ''}</li>`,
          )
          .join('')}</ul>
<p><a href="${escapeHtml(demo.deepLinkingUrl)}">${en ? 'Add activities to the course (Deep Linking, as the course teacher)' : '以课程教师身份添加活动（深度链接）'}</a></p></section>`
      : '';
    sendPage(res, {
      lang,
      title: en ? 'Ability programme 2.0 LTI tool' : '能力提升工程2.0 LTI 工具',
      body: `<main><h1>${en ? 'Ability programme 2.0 LTI tool' : '能力提升工程2.0 LTI 工具'}</h1>
<p>${en ? 'Teachers open this tool from their course in the learning platform (LTI 1.3).' : '教师从学习平台（LTI 1.3）的课程页面进入本工具。'}
 <a href="/lti/setup">${en ? 'How to add it to Moodle' : '如何添加到 Moodle'}</a> · <a href="/healthz">healthz</a></p>${demoBlock}</main>`,
    });
  });
  return router;
}
