// The HTML status page: one server-rendered document that is complete without JavaScript (a meta
// refresh keeps it current), plus a small script of its own that refreshes the live figures in
// place from the JSON form of the same page. Styles and script are served from this origin so the
// Content-Security-Policy can forbid every inline script and style.
import type { Status } from './status.js';
import { formatHostPort, formatUrl } from './internal/format.js';

/** Where the page's stylesheet and script are served. */
export const statusAssets = { css: '/status.css', js: '/status.js' } as const;

/** Seconds between refreshes, with or without JavaScript. */
export const refreshSeconds = 2;

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe to place in HTML, in an element or a quoted attribute. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);

/** `1 h 02 min`, `3 min 05 s`, `12.4 s`: an uptime a person reads at a glance. */
export function formatUptime(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const s = Math.floor(seconds);
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

const outcomeLabels: Record<string, string> = {
  bound: 'bound',
  failed: 'failed',
  skipped: 'skipped',
  released: 'released',
};

/** The status page as a complete HTML document. */
export function statusHtml(status: Status): string {
  const e = escapeHtml;
  const state = status.draining ? 'draining' : 'serving';
  const urls = status.urls.map((u) => `<li><a href="${e(u)}">${e(u)}</a></li>`).join('');
  const attempts = status.attempts
    .map(
      (a) =>
        `<tr><td><code>${e(formatHostPort(a))}</code></td><td>IPv${a.family}</td><td><span class="tag ${e(outcomeLabels[a.outcome] ?? 'other')}">${e(a.outcome)}</span></td><td>${a.code === undefined ? '' : `<code>${e(a.code)}</code>`}</td></tr>`,
    )
    .join('');
  // The resolver's candidates carry the port that was asked for (0 for any); shown with the port
  // the server actually has, so the page never reads `:0`.
  const port = status.addresses[0]?.port;
  const candidates = status.candidates
    .map(
      (c) =>
        `<li><code>${e(port === undefined ? c.address : formatUrl(c.protocol, { address: c.address, port }))}</code> <span class="muted">IPv${c.family}</span></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>sock-server: ${e(state)} on ${e(status.urls[0] ?? 'no address')}</title>
<noscript><meta http-equiv="refresh" content="${refreshSeconds}"></noscript>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${statusAssets.css}">
<script src="${statusAssets.js}" defer></script>
</head>
<body>
<header>
<h1>sock-server <span class="muted">${e(status.version)}</span></h1>
<p id="state" class="state ${state}" role="status">${status.draining ? 'Draining: not ready for new traffic' : 'Serving'}</p>
</header>
<main>
<section class="figures" aria-label="Live figures">
<div><span class="label">open connections</span><span class="value" id="connections">${status.connections}</span></div>
<div><span class="label">requests served</span><span class="value" id="requests">${status.requests}</span></div>
<div><span class="label">uptime</span><span class="value" id="uptime">${e(formatUptime(status.uptime))}</span></div>
<div><span class="label">process</span><span class="value">pid ${status.pid}${status.worker === 0 ? '' : `, worker ${status.worker}`}</span></div>
</section>
<section>
<h2>Listening on</h2>
<ul class="urls">${urls === '' ? '<li>none</li>' : urls}</ul>
</section>
<section>
<h2>Bind attempts</h2>
<table>
<thead><tr><th scope="col">address</th><th scope="col">family</th><th scope="col">outcome</th><th scope="col">error</th></tr></thead>
<tbody>${attempts === '' ? '<tr><td colspan="4">none</td></tr>' : attempts}</tbody>
</table>
</section>
<section>
<h2>getaddrinfo candidates</h2>
<ul class="candidates">${candidates === '' ? '<li>none (sockets passed in, no name resolved)</li>' : candidates}</ul>
</section>
</main>
<footer>
<p>Refreshes every ${refreshSeconds} s <span id="live" class="muted">(page reload)</span>. Probes: <a href="/healthz">/healthz</a>, <a href="/readyz">/readyz</a>. JSON: <code>curl -H 'Accept: application/json' ${e(status.urls[0] ?? '')}/</code></p>
</footer>
</body>
</html>
`;
}

/** The page's stylesheet. */
export const statusCss: string = `:root{color-scheme:light dark;--bg:#f7f7f5;--fg:#1d1d1f;--muted:#6b6b70;--card:#fff;--line:#e2e2e0;--ok:#1a7f37;--warn:#b35900;--bad:#c62828}
@media (prefers-color-scheme:dark){:root{--bg:#151517;--fg:#ececee;--muted:#9a9aa2;--card:#1f1f23;--line:#2e2e34;--ok:#4ac26b;--warn:#f0a040;--bad:#ff6b6b}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:60rem;padding:1.5rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;background:var(--bg);color:var(--fg)}
header{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:.5rem 1rem}
h1{font-size:1.5rem;margin:0}
h2{font-size:1rem;margin:1.5rem 0 .5rem;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.04em}
.muted{color:var(--muted);font-weight:normal}
.state{margin:0;padding:.2rem .8rem;border-radius:1rem;font-weight:600}
.state.serving{background:color-mix(in srgb,var(--ok) 15%,transparent);color:var(--ok)}
.state.draining{background:color-mix(in srgb,var(--warn) 18%,transparent);color:var(--warn)}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem;margin-top:1rem}
.figures div{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:.7rem 1rem}
.label{display:block;color:var(--muted);font-size:.8rem}
.value{display:block;font-size:1.4rem;font-variant-numeric:tabular-nums}
ul{margin:0;padding:0;list-style:none}
li{padding:.25rem 0;border-bottom:1px solid var(--line)}
table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:.6rem}
th,td{text-align:left;padding:.4rem .8rem;border-bottom:1px solid var(--line)}
th{color:var(--muted);font-weight:600;font-size:.85rem}
code{font:.9em ui-monospace,SFMono-Regular,Menlo,monospace}
a{color:inherit}
.tag{padding:0 .5rem;border-radius:.6rem;font-size:.85rem}
.tag.bound{color:var(--ok)}.tag.failed{color:var(--bad)}.tag.skipped,.tag.released{color:var(--muted)}
footer{margin-top:2rem;color:var(--muted);font-size:.85rem}
`;

/**
 * The page's script: fetches the JSON form of the page and updates the live figures in place. On
 * any failure it leaves the page as it is and retries at the next tick; a server that has gone
 * away shows as such instead of a stale "Serving".
 */
export const statusJs: string = `'use strict';
(() => {
  const every = ${refreshSeconds * 1000};
  const $ = (id) => document.getElementById(id);
  const uptime = (s) => {
    if (s < 60) return s.toFixed(1) + ' s';
    s = Math.floor(s);
    const pad = (n) => String(n).padStart(2, '0');
    if (s < 3600) return Math.floor(s / 60) + ' min ' + pad(s % 60) + ' s';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + pad(Math.floor((s % 3600) / 60)) + ' min';
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
  };
  const state = (text, kind) => {
    const el = $('state');
    el.textContent = text;
    el.className = 'state ' + kind;
  };
  const tick = async () => {
    try {
      const res = await fetch(location.pathname, { headers: { accept: 'application/json' }, cache: 'no-store' });
      if (!res.ok) throw new Error(String(res.status));
      const s = await res.json();
      $('connections').textContent = String(s.connections);
      $('requests').textContent = String(s.requests);
      $('uptime').textContent = uptime(s.uptime);
      if (s.draining) state('Draining: not ready for new traffic', 'draining');
      else state('Serving', 'serving');
      $('live').textContent = '(live)';
    } catch {
      state('Not answering: stopped or unreachable', 'draining');
      $('live').textContent = '(retrying)';
    }
  };
  $('live').textContent = '(live)';
  setInterval(tick, every);
})();
`;
