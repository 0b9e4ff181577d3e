import { beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/markdown';
import { fixtureText, fixtureWith, importFixture, request } from '../helpers';

const HOSTILE = `# Heading

<script>alert(1)</script>

<img src=x onerror=alert(1)>

Inline <b onmouseover="alert(1)">bold</b> and <a href="javascript:alert(1)">raw link</a>.

[plain](javascript:alert(1)) and [shouting](JAVASCRIPT:alert(1)) and [spaced]( javascript:alert(1) )

[entity](&#106;avascript:alert(1)) and [hex](&#x6A;&#x61;vascript&colon;alert(1)) and [tab](java&#9;script:alert(1))

[vb](vbscript:msgbox(1)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [file](file:///etc/passwd)

![image](javascript:alert(1)) <javascript:alert(1)>

[ref][r]

[r]: javascript:alert(1)

[safe](https://example.org/page) [mail](mailto:someone@example.org) [relative](/courses/test-course)
`;

/** What must never reach a page: a script element, an event handler, or a script URL. */
function expectInert(html: string) {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img[^>]*onerror/i);
  expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
  expect(html).not.toMatch(/href="\s*(javascript|vbscript|data|file):/i);
  expect(html).not.toMatch(/src="\s*javascript:/i);
  expect(html).not.toMatch(/<a [^>]*href="[^"]*(&#|&colon;|\t)/i);
}

describe('renderMarkdown', () => {
  it('renders CommonMark', () => {
    expect(renderMarkdown('Some **bold** text', 'en')).toBe('<p>Some <strong>bold</strong> text</p>\n');
    expect(renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |', 'en')).toContain('<table>');
  });

  it('escapes raw HTML and drops unsafe links', () => {
    const html = renderMarkdown(HOSTILE, 'en');
    expectInert(html);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // A refused link stays as its text, not as a link.
    expect(html).toContain('[plain](javascript:alert(1))');
    expect(html).not.toMatch(/<a[^>]*>plain<\/a>/);
    expect(html).not.toMatch(/<a[^>]*>shouting<\/a>/);
    expect(html).not.toMatch(/<a[^>]*>entity<\/a>/);
    expect(html).not.toMatch(/<a[^>]*>hex<\/a>/);
    expect(html).not.toMatch(/<a[^>]*>ref<\/a>/);
  });

  it('refuses links to another host written without a scheme, and renders them as text', () => {
    const sources = [
      '[proto](//evil.example)',
      'plain //evil.example/x text',
      '[angle](<//evil.example/x>)',
      '[ref2][e]\n\n[e]: //evil.example',
    ];
    for (const source of sources) {
      const html = renderMarkdown(source, 'en');
      expect(html, source).not.toContain('<a ');
      expect(html, source).toContain(source.split('\n')[0]!.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    }
    // A path on our own site is still a link; a backslash (which browsers read as `/`) arrives encoded.
    expect(renderMarkdown('[ok](/courses/x/lessons/y)', 'en')).toContain('<a href="/courses/x/lessons/y">ok</a>');
    expect(renderMarkdown('[back](/\\evil.example)', 'en')).toContain('<a href="/%5Cevil.example">back</a>');
  });

  it('gives every link to another host rel="noopener noreferrer", however it is written', () => {
    const html = renderMarkdown(
      '[a](http://example.org) <https://example.org/b> and https://example.org/c\n\n[d][d]\n\n[d]: HTTPS://example.org/d',
      'en',
    );
    expect(html.match(/<a [^>]*>/g)).toEqual([
      '<a href="http://example.org" rel="noopener noreferrer">',
      '<a href="https://example.org/b" rel="noopener noreferrer">',
      '<a href="https://example.org/c" rel="noopener noreferrer">',
      '<a href="HTTPS://example.org/d" rel="noopener noreferrer">',
    ]);
  });

  it('keeps safe links, and external ones open without an opener', () => {
    const html = renderMarkdown(HOSTILE, 'en');
    expect(html).toContain('<a href="https://example.org/page" rel="noopener noreferrer">safe</a>');
    expect(html).toContain('<a href="mailto:someone@example.org">mail</a>');
    expect(html).toContain('<a href="/courses/test-course">relative</a>');
  });
});

describe('renderMarkdown: images', () => {
  const KEY = 'courses/test-course/0123456789abcdef0123456789abcdef.jpg';

  it('shows images from our own /media/ path, loaded lazily and decoded off the main thread', () => {
    expect(renderMarkdown(`![A group at work](/media/${KEY})`, 'en')).toBe(
      `<p><img src="/media/${KEY}" alt="A group at work" loading="lazy" decoding="async"></p>\n`,
    );
    expect(renderMarkdown(`[![Photo](/media/${KEY})](/courses)`, 'en')).toContain(
      `<a href="/courses"><img src="/media/${KEY}" alt="Photo"`,
    );
  });

  it('shows any other image as its alt text', () => {
    const sources = [
      '![A *tracking* pixel](https://evil.example/pixel.png)',
      '![A *tracking* pixel](http://evil.example/pixel.png "title")',
      '![A *tracking* pixel](/courses/test-course)',
      '![A *tracking* pixel](/media/../admin)',
      `![A *tracking* pixel](/media/${KEY}?v=1)`,
      `![A *tracking* pixel](/media/${KEY.replace('.jpg', '.svg')})`,
      '![A *tracking* pixel](/media/courses/x/short.png)',
      '![A *tracking* pixel][r]\n\n[r]: https://evil.example/pixel.png',
    ];
    for (const source of sources) {
      const html = renderMarkdown(source, 'en');
      expect(html, source).not.toContain('<img');
      expect(html, source).toBe('<p>A tracking pixel</p>\n');
    }
    expect(renderMarkdown('![<b>bold</b> & "quoted"](https://evil.example/x.png)', 'en')).toBe(
      '<p>&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;</p>\n',
    );
  });
});

describe('GET /courses/:slug/lessons/:key (hostile Markdown)', () => {
  beforeAll(async () => {
    const path = 'test-course/01-basics/01-first-page.md';
    const text = fixtureText(path).replace('Text of the **first** page.', HOSTILE).replace('Treść **pierwszej** strony.', HOSTILE);
    await importFixture(fixtureWith({ [path]: text }));
  });

  it('shows the lesson with every script made inert, in both languages', async () => {
    for (const lang of ['pl', 'en']) {
      const response = await request('/courses/test-course/lessons/first-page', { headers: { 'Accept-Language': lang } });
      expect(response.status).toBe(200);
      const html = await response.text();
      const body = /<div class="prose">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
      expect(body).toContain('<h1>Heading</h1>');
      expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expectInert(body);
      // The only scripts on the page are the ones the layout loads from our origin.
      expect(html.match(/<script[^>]*>/g)).toEqual([expect.stringMatching(/^<script src="\/assets\//)]);
      expect(html).not.toMatch(/href="\s*javascript:/i);
      expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
    }
  });
});
