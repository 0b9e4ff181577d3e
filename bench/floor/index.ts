/**
 * Floor Worker for `npm run bench`: answers every request with an HTML page of exactly
 * `?bytes=N` bytes (default 20,000), built once per size and then served from memory. No D1, no
 * routing, no rendering: whatever it costs is the cost of wrangler dev, workerd and the network
 * layer, which every page of the app pays too.
 */
const pages = new Map<number, string>();

function page(bytes: number): string {
  const cached = pages.get(bytes);
  if (cached) return cached;
  const head = '<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>Floor</title></head><body><main>';
  const tail = '</main></body></html>';
  const paragraph = '<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>\n';
  let body = '';
  while (head.length + body.length + tail.length < bytes) body += paragraph;
  const text = (head + body).slice(0, Math.max(0, bytes - tail.length)) + tail;
  pages.set(bytes, text);
  return text;
}

export default {
  fetch(request: Request): Response {
    const asked = Number(new URL(request.url).searchParams.get('bytes'));
    const bytes = Number.isInteger(asked) && asked > 0 && asked <= 5_000_000 ? asked : 20_000;
    return new Response(page(bytes), {
      headers: {
        'Content-Type': 'text/html; charset=UTF-8',
        'Cache-Control': 'private, no-cache',
        'Server-Timing': 'd1;desc="0 round trips"',
      },
    });
  },
};
