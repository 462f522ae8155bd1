import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPage } from '../../extension/src/extract/extract';
import { charThresholdFor } from '../../extension/src/extract/readable';
import { asByline } from '../../extension/src/extract/metadata';
import { tidyText } from '../../extension/src/extract/text';
import { titleFromHeading, titleWithoutTrail } from '../../extension/src/extract/title';
import { parseDuration } from '../../extension/src/extract/video';
import { pageDocument } from './dom';

const page = (name: string, url?: string) => {
  const html = readFileSync(join(import.meta.dirname, '../fixtures/pages', name), 'utf8');
  return pageDocument(html, url);
};

describe('extraction from saved pages', () => {
  it('reads an article’s metadata from OpenGraph and JSON-LD, and its readable text without the chrome', () => {
    const clip = extractPage(
      page('article.html', 'https://edu.example.cn/articles/2024/animation-intro'),
      'https://edu.example.cn/articles/2024/animation-intro?utm_source=share',
    );
    expect(clip).toMatchObject({
      title: '用动画导入激发学生兴趣：一节初中数学课的设计',
      canonicalUrl: 'https://edu.example.cn/articles/2024/animation-intro',
      site: '示例教育网',
      author: '张老师, 李老师',
      published: '2024-03-15T08:00:00+08:00',
      excerpt: '本文介绍如何用一段 30 秒的动画完成课堂导入。',
      imageUrl: 'https://edu.example.cn/images/cover.jpg',
      lazyImagesResolved: 0,
    });
    expect(clip.video).toBeUndefined();
    expect(clip.text?.split('\n\n')).toEqual([
      '用动画导入激发学生兴趣',
      expect.stringContaining('函数的概念'),
      expect.stringContaining('导入环节的关键'),
      '图 1 气温变化',
      expect.stringContaining('课后反思'),
    ]);
    for (const junk of ['热门文章', '版权所有', 'console.log', '分享', '首页']) expect(clip.text).not.toContain(junk);
    expect(clip.html).toContain('<img src="https://edu.example.cn/images/chart.png"');
    expect(clip.html).not.toContain('<script');
    expect(clip.html).not.toContain('onclick');
  });

  it('detects a video page with its duration and thumbnail', () => {
    const clip = extractPage(page('video.html'), 'https://www.bilibili.com/video/BV1xx411c7mD');
    expect(clip.title).toBe('【课例】小学科学《光的传播》课堂实录');
    expect(clip.author).toBe('科学教研组');
    expect(clip.published).toBe('2023-11-02');
    expect(clip.video).toEqual({
      provider: 'Bilibili',
      durationSeconds: 754,
      thumbnail: 'https://i0.example.cn/cover/light-ld.jpg',
      currentTime: undefined,
    });
    expect(clip.text).toContain('光沿直线传播');
  });

  it('takes a WeChat-style article’s lazy images from data-src and its author from the account name', () => {
    const clip = extractPage(page('wechat.html'), 'https://mp.weixin.qq.com/s/AbCdEf');
    expect(clip.title).toBe('信息技术 2.0 | 我校开展微能力点校本研修');
    expect(clip.author).toBe('实验小学教研室');
    expect(clip.site).toBe('实验小学教研室');
    expect(clip.published).toBe('2024-04-20 18:30');
    expect(clip.lazyImagesResolved).toBe(2);
    expect(clip.html).toContain('src="https://mmbiz.qpic.cn/mmbiz_jpg/abc/640?wx_fmt=jpeg"');
    expect(clip.html).toContain('src="https://mmbiz.qpic.cn/mmbiz_png/def/640?wx_fmt=png"');
    expect(clip.html).not.toContain('data:image/gif');
    expect(clip.text).toContain('A2 技术支持的课堂导入');
    expect(clip.text).toContain('教研组长');
    expect(clip.text).not.toContain('msg_title');
  });

  it('keeps the selection, trimmed, and falls back to the address for an untitled page', () => {
    const clip = extractPage(
      pageDocument('<html><body><p>短</p></body></html>'),
      'https://bare.example.cn/x',
      '  选中的文字  ',
    );
    expect(clip).toMatchObject({
      title: 'https://bare.example.cn/x',
      selection: '选中的文字',
      site: 'bare.example.cn',
    });
  });
});

describe('parseDuration', () => {
  it('reads ISO 8601 durations and plain seconds', () => {
    expect(parseDuration('PT1H2M3S')).toBe(3723);
    expect(parseDuration('PT45S')).toBe(45);
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('PT')).toBeUndefined();
    expect(parseDuration('soon')).toBeUndefined();
  });
});

describe('bylines, titles and text tidying', () => {
  it('takes a name from a byline and refuses handles, profile addresses and biographies', () => {
    expect(asByline('By Jane Doe')).toBe('Jane Doe');
    expect(asByline('文 / 王敏')).toBe('王敏');
    expect(asByline('文静')).toBe('文静');
    expect(asByline('林老师 粉丝 - 23 关注 - 5')).toBe('林老师');
    expect(asByline('王敏 · 2025-09-01')).toBe('王敏');
    expect(asByline('@eduweekly')).toBeUndefined();
    expect(asByline('https://www.example.com/people/jane-doe')).toBeUndefined();
    expect(asByline('某某市第三中学数学教师，市级骨干教师。长期从事交互式白板与智慧课堂教学研究。')).toBeUndefined();
  });

  it('uses the page heading when the document title is that heading plus portal names, never cutting a subtitle', () => {
    const doc = pageDocument('<h1>我区举办骨干教师培训班</h1><h2>用动画导入激发学生兴趣</h2>');
    expect(titleFromHeading('我区举办骨干教师培训班-青河区教育局', doc)).toBe('我区举办骨干教师培训班');
    expect(titleFromHeading('教育局 | 我区举办骨干教师培训班', doc)).toBe('我区举办骨干教师培训班');
    expect(titleFromHeading('用动画导入激发学生兴趣：一节初中数学课的设计', doc)).toBe(
      '用动画导入激发学生兴趣：一节初中数学课的设计',
    );
  });

  it('drops the repeated title, a portal info line and a row of page actions from the text', () => {
    const text = [
      '通知标题',
      '来源：教师工作司 发布时间：2025-06-18',
      '正文第一段。',
      '【打印本页】 【关闭窗口】',
    ].join('\n\n');
    expect(tidyText(text, '通知标题')).toBe('正文第一段。');
    expect(tidyText('正文提到来源：某校。\n\n第二段', '标题')).toBe('正文提到来源：某校。\n\n第二段');
  });
});

describe('titles from tags that name several properties', () => {
  it('reads each property of a space-separated list, preferring dc:title as Readability does', () => {
    const doc = pageDocument(
      '<title>Title Element</title><meta property="x:title dc:title" content="Preferred title">' +
        '<meta property="og:title twitter:title" content="A title"><p>正文</p>',
    );
    expect(extractPage(doc, 'https://e.cn/a').title).toBe('Preferred title');
  });

  it('drops a trail Readability cut from a <title>, never from a title a meta tag gives', () => {
    expect(titleWithoutTrail('Lorem ipsum dolor | My website', 'Lorem ipsum dolor')).toBe('Lorem ipsum dolor');
    expect(titleWithoutTrail('标题：副标题', '标题')).toBe('标题：副标题');
  });
});

describe('Readability’s character threshold in the page’s own script', () => {
  const page = (lang: string, body: string) =>
    pageDocument(`<html lang="${lang}"><head><title>t</title></head><body>${body}</body></html>`);

  it('counts a Chinese page in Chinese measure and leaves Japanese and alphabetic pages on the default', () => {
    expect(
      charThresholdFor(page('zh', '<p>学校信息化发展规划要与校本研修方案相互衔接，围绕微能力点组织教研活动。</p>')),
    ).toBe(150);
    // Kana mark Japanese, whose text runs longer than Chinese for the same words.
    expect(
      charThresholdFor(
        page('ja', '<p>肉をくわえたイヌが、橋を渡っていました。ふと下を見ると、川の中にもイヌがいます。</p>'),
      ),
    ).toBe(500);
    expect(charThresholdFor(page('en', '<p>A short notice about the school plan, with 教研 as one word.</p>'))).toBe(
      500,
    );
  });

  it('keeps a short Chinese post without the comments a looser attempt would add', () => {
    const body =
      '<div id="main"><div class="post"><h1>一次信息化教研活动</h1>' +
      '<p>本周三下午，数学组围绕“技术支持的学情分析”开展了校本研修活动。三位老师分别展示了课前诊断、课中反馈和课后作业分析的做法，大家讨论了数据怎样真正帮助调整教学。</p>' +
      '<p>活动最后，教研组长布置了下一阶段的任务：每人选一个班级，用问卷工具做一次学情前测，并在下次活动中分享结果。</p>' +
      '<p>参加活动的老师认为，这种先诊断、再调整的做法适合在全校推广，信息化管理团队将把它写进下学期的校本研修方案。</p></div>' +
      '<div id="comments"><div class="comment">#1楼 张老师：很有启发，下次想来听课。</div>' +
      '<div class="comment">#2楼 李老师：请问问卷用的是什么工具？能分享模板吗？</div>' +
      '<div class="comment">#3楼 王老师：我们组也准备做类似的活动，希望多交流。</div></div></div>';
    const clip = extractPage(page('zh', body), 'https://blog.example.cn/p/1');
    expect(clip.text).toContain('每人选一个班级');
    expect(clip.text).not.toContain('#2楼');
  });
});
