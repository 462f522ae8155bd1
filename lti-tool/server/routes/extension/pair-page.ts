import { Router } from 'express';

const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>连接浏览器扩展 · Connect the browser extension</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">
<h1>连接浏览器扩展</h1>
<p>请复制此页面的完整地址（含 # 后面的连接码），粘贴到浏览器扩展的“设置”页中完成连接。连接码 10 分钟内有效，只能使用一次。</p>
<h2 lang="en">Connect the browser extension</h2>
<p lang="en">Copy this page's full address (including the code after #) into the extension's options page. The code is
valid for 10 minutes and works once.</p>
</body></html>`;

/** Where a connection link lands if opened in a tab: the code stays in the fragment and never reaches us. */
export function pairPageRouter(): Router {
  const router = Router();
  router.get('/ext/pair', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(PAGE);
  });
  return router;
}
