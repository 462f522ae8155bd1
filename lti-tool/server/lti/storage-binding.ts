import type { Response } from 'express';
import type { Language } from '../../../shared/errors';
import { escapeHtml, jsonForScript } from '../http/html';
import { sendPage } from './pages';
import { PLATFORM_STORAGE_SCRIPT, type PlatformStorage } from './platform-storage';

/**
 * The page a launch without its binding cookie gets first (the login kept the binding in the platform's storage
 * frame instead): it reads the binding back from that frame and posts the launch again with it, to the same URL.
 * The launch is only consumed, recorded and given a session on that second post, when the binding matches; in a
 * browser that did not log in (a launch forced on it) the frame holds nothing and the page says so.
 */
export function renderStorageBinding(
  res: Response,
  input: {
    lang: Language;
    frameAncestors: string[];
    fields: { id_token: string; state: string };
    storage: PlatformStorage;
  },
): void {
  const en = input.lang === 'en';
  const hidden = Object.entries(input.fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('');
  sendPage(res, {
    lang: input.lang,
    title: en ? 'Opening the tool…' : '正在打开…',
    frameAncestors: input.frameAncestors,
    body: `<p id="wait">${en ? 'Opening the tool…' : '正在打开本工具…'}</p>
<form id="bind" method="post">${hidden}<input type="hidden" name="lti_binding" id="binding"></form>
<div id="gate-failed" class="box err" role="alert" hidden><p>${en ? 'This launch could not be confirmed by the learning platform. Open the tool again from your course.' : '学习平台无法确认本次登录，请从课程页面重新打开本工具。'}</p><p><small><code>state_not_bound</code></small></p></div>
<script type="application/json" id="storage-binding">${jsonForScript(input.storage)}</script>`,
    script: `${PLATFORM_STORAGE_SCRIPT}
var s=JSON.parse(document.getElementById('storage-binding').textContent);
ltiStorage(s,{subject:'lti.get_data',key:s.key},function(a){
if(a&&typeof a.value==='string'&&a.value){document.getElementById('binding').value=a.value;document.getElementById('bind').submit();}
else{document.getElementById('wait').hidden=true;document.getElementById('gate-failed').hidden=false;}});`,
  });
}
