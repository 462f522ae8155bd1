import { Router } from 'express';
import { escapeHtml } from '../http/html';
import { requestLanguage } from '../http/language';
import { sendPage } from '../lti/pages';
import { toolUrls } from '../urls';

/**
 * `/lti/setup`: the values an LMS administrator pastes into Moodle's "Manage tools" form, with copy buttons.
 * Public on purpose: it shows only this tool's own URLs, nothing about any registration.
 */
export function setupRouter(publicUrl: string): Router {
  const router = Router();
  router.get('/lti/setup', (req, res) => {
    const lang = requestLanguage(req);
    const en = lang === 'en';
    const rows = toolUrls(publicUrl)
      .map(
        (u, i) => `<tr><th scope="row">${escapeHtml(en ? u.en : u.zh)}</th>
<td><code id="v${i}">${escapeHtml(u.url)}</code></td>
<td><button type="button" data-copy="v${i}" aria-label="${en ? 'Copy' : '复制'} ${escapeHtml(en ? u.en : u.zh)}">${en ? 'Copy' : '复制'}</button></td></tr>`,
      )
      .join('');
    sendPage(res, {
      lang,
      title: en ? 'Add the tool to Moodle' : '在 Moodle 中添加本工具',
      body: `<main><h1>${en ? 'Add the tool to Moodle' : '在 Moodle 中添加本工具'}</h1>
<p>${en ? 'Site administration → Plugins → Activity modules → External tool → Manage tools → "configure a tool manually". Choose LTI 1.3 and "Keyset URL", then paste:' : '站点管理 → 插件 → 活动模块 → 外部工具 → 管理工具 → “手动配置工具”。LTI 版本选择 1.3，公钥类型选择“密钥集 URL”，然后填写：'}</p>
<table><tbody>${rows}</tbody></table>
<p>${en ? 'Turn on "Supports Deep Linking", grade sync with column management (AGS), and the roster service (NRPS); share name and email. Then give the Client ID and Deployment ID that Moodle shows to your tool administrator, who runs:' : '勾选“支持深度链接”，开启成绩同步与成绩列管理（AGS）和课程成员服务（NRPS），并选择共享姓名与邮箱。保存后，把 Moodle 显示的 Client ID 与 Deployment ID 交给本工具的管理员执行：'}</p>
<pre><code>npm run lti -- register --tenant &lt;机构标识&gt; --name "Moodle" --moodle &lt;Moodle 网址&gt; --client-id &lt;Client ID&gt; --deployment-id &lt;Deployment ID&gt;</code></pre>
<p>${en ? 'Or use dynamic registration: the administrator runs <code>npm run lti -- registration-link --tenant &lt;slug&gt;</code> and pastes the one-time link into "Tool URL" under "Add LTI Advantage".' : '也可使用动态注册：管理员执行 <code>npm run lti -- registration-link --tenant &lt;机构标识&gt;</code>，把生成的一次性链接填入“添加 LTI Advantage”中的“工具 URL”。'}</p></main>`,
      script: `document.addEventListener('click',function(e){var b=e.target.closest('[data-copy]');if(!b)return;
navigator.clipboard.writeText(document.getElementById(b.getAttribute('data-copy')).textContent).then(function(){b.textContent='✓';});});`,
    });
  });
  return router;
}
