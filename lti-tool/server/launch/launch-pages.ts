import type { Response } from 'express';
import type { z } from 'zod';
import type { Catalogue } from '../../../shared/domain';
import { appConfigSchema } from '../../../shared/schemas/app-config';
import type { Language } from '../../../shared/errors';
import { escapeHtml, jsonForScript } from '../http/html';
import type { LtiLaunch } from '../lti/launch';
import type { LaunchContext } from '../lti/launch-handler';
import { sendPage } from '../lti/pages';
import { PLATFORM_STORAGE_SCRIPT } from '../lti/platform-storage';
import type { OversightLevel } from '../services/schools/scope';
import type { LaunchRole } from '../services/tool-roles';
import type { WebAssets } from '../web-assets';
import { placementKey, placementTitle, type Placement } from './placements';

const ROLE_LABELS: Record<LaunchRole, { zh: string; en: string }> = {
  teacher: { zh: '参训教师', en: 'Teacher' },
  assessor: { zh: '审核人员', en: 'Assessor' },
  institution_admin: { zh: '机构管理员', en: 'Institution administrator' },
};

interface PageInput {
  storageCheck?: LaunchContext['storageCheck'];
  /** The built web app; without it (tests, a missing build) the server-rendered summary stays. */
  assets?: WebAssets;
  lang: Language;
  sessionToken: string;
  launch: LtiLaunch;
  frameAncestors: string[];
  publicUrl: string;
  toolRoles: LaunchRole[];
  /** How far the person oversees schools (school team, county, city, tenant), for the app's tabs. */
  oversight?: OversightLevel | null;
}

/**
 * Without a cookie, the state was bound through the platform's storage frame: the page stays hidden until the
 * value read back from that frame equals the state of this launch. A page forced on this browser by someone
 * else's launch (login CSRF) finds nothing there and never shows, so its session is never used. The app boots on
 * the `lti-bound` event.
 */
function gate(input: PageInput, content: string): { body: string; script: string } {
  const en = input.lang === 'en';
  const bound = "window.__ltiBound=true;document.dispatchEvent(new Event('lti-bound'));";
  if (!input.storageCheck) return { body: content, script: bound };
  return {
    body: `<div id="gated" hidden>${content}</div>
<div id="gate-failed" class="box err" role="alert" hidden><p>${en ? 'This launch could not be confirmed by the learning platform. Open the tool again from your course.' : '学习平台无法确认本次登录，请从课程页面重新打开本工具。'}</p><p><small><code>state_not_bound</code></small></p></div>
<script type="application/json" id="storage-check">${jsonForScript(input.storageCheck)}</script>`,
    script: `${PLATFORM_STORAGE_SCRIPT}
var s=JSON.parse(document.getElementById('storage-check').textContent);
ltiStorage(s,{subject:'lti.get_data',key:s.key},function(a){
if(a&&a.value===s.value){document.getElementById('gated').hidden=false;${'${bound}'}}
else{document.getElementById('gate-failed').hidden=false;}});`,
  };
}

/**
 * The page a resource-link launch lands on. The session token travels in the page body (never a URL) and the app
 * sends it back in `Authorization` headers, so nothing depends on cookies inside the LMS iframe.
 */
export function renderAppShell(res: Response, input: PageInput): void {
  const en = input.lang === 'en';
  const k = en ? 'en' : 'zh';
  const roles = input.toolRoles.map((r) => ROLE_LABELS[r][k]).join('、') || (en ? 'Guest' : '访客');
  const name = input.launch.user.name ?? input.launch.userId;
  const page = gate(
    input,
    `<div id="root"><main id="app"><h1>${en ? 'Ability programme 2.0' : '能力提升工程2.0'}</h1>
<p data-testid="welcome">${en ? 'Welcome' : '欢迎'}，${escapeHtml(name)}（${escapeHtml(roles)}）</p>
<p>${en ? 'Course' : '课程'}：${escapeHtml(input.launch.context?.title ?? '—')}</p></main></div>
<script type="application/json" id="app-config">${jsonForScript({
      apiBase: `${input.publicUrl}/api/v1`,
      sessionToken: input.sessionToken,
      lang: input.lang,
      // An unknown placement (another tool's custom parameters) opens the home page.
      placement: appConfigSchema.shape.placement.parse(input.launch.custom.placement ?? 'teacher-home'),
      abilityCode: input.launch.custom.ability_code,
      roles: input.toolRoles,
      oversight: input.oversight ?? null,
      user: { name },
      context: { title: input.launch.context?.title },
    } satisfies z.input<typeof appConfigSchema>)}</script>`,
  );
  sendPage(res, {
    lang: input.lang,
    title: en ? 'Ability programme 2.0' : '能力提升工程2.0',
    frameAncestors: input.frameAncestors,
    body: page.body,
    script: page.script,
    assets: input.assets,
  });
}

/** Only the course's teachers and administrators place content (and so grade columns) in a course. */
export function canPlaceContent(toolRoles: LaunchRole[]): boolean {
  return toolRoles.includes('assessor') || toolRoles.includes('institution_admin');
}

export function renderPlacementRefused(res: Response, lang: Language, frameAncestors: string[]): void {
  const en = lang === 'en';
  sendPage(res, {
    status: 403,
    lang,
    title: en ? 'Not allowed' : '无权操作',
    frameAncestors,
    body: `<div class="box err" role="alert"><p>${en ? 'Only teachers and administrators of the course can add activities.' : '只有课程教师或管理员可以添加活动。'}</p>
<p><small>${en ? 'Error code' : '错误代码'}: <code>placement_not_allowed</code></small></p></div>`,
  });
}

export function renderDeepLinkingPicker(res: Response, input: PageInput & { catalogue: Catalogue }): void {
  const en = input.lang === 'en';
  const k = en ? 'en' : 'zh';
  const option = (p: Placement, checked = false) =>
    `<label><input type="checkbox" name="items" value="${escapeHtml(placementKey(p))}"${checked ? ' checked' : ''}> ${escapeHtml(placementTitle(p, input.catalogue, k))}</label><br>`;
  const byEnvironment = new Map<string, string[]>();
  for (const ability of input.catalogue.abilities) {
    const list = byEnvironment.get(ability.environment) ?? [];
    list.push(option({ kind: 'ability', abilityCode: ability.code }));
    byEnvironment.set(ability.environment, list);
  }
  const environments = input.catalogue.environments
    .map(
      (env) =>
        `<fieldset><legend>${escapeHtml(env.name[k])}</legend>${(byEnvironment.get(env.id) ?? []).join('')}</fieldset>`,
    )
    .join('');
  const single = !(input.launch.deepLinking?.acceptMultiple ?? true);
  const page = gate(
    input,
    `<main><h1>${en ? 'Add to the course' : '添加到课程'}</h1>
<form method="post" action="${escapeHtml(`${input.publicUrl}/lti/deep-linking/respond`)}">
<input type="hidden" name="session" value="${escapeHtml(input.sessionToken)}">
<fieldset><legend>${en ? 'Pages' : '页面'}</legend>
${option({ kind: 'teacher-home' })}${option({ kind: 'review-queue' })}${option({ kind: 'school-dashboard' })}${option({ kind: 'county-dashboard' })}</fieldset>
<h2>${en ? 'Micro-ability activities (graded)' : '微能力点活动（计分）'}</h2>${environments}
${single ? `<p>${en ? 'This course accepts one item at a time.' : '本课程一次只能添加一项。'}</p>` : ''}
<p><button type="submit">${en ? 'Add selected' : '添加所选内容'}</button></p></form></main>`,
  );
  sendPage(res, {
    lang: input.lang,
    title: en ? 'Add to the course' : '添加到课程',
    frameAncestors: input.frameAncestors,
    body: page.body,
    script: page.script,
  });
}
