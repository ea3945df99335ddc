/** The history page's stylesheet, served as a file from the same origin (a strict CSP allows no inline style). */
export const HISTORY_CSS = `
:root { --ink: #1d2330; --muted: #667085; --line: #e4e7ec; --bg: #f6f7f9; --card: #fff;
  --ok: #137333; --ok-bg: #e6f4ea; --warn: #8a5300; --warn-bg: #fef3c7; --bad: #b42318; --bad-bg: #fee4e2; --accent: #2f5bd3; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
code, time, .steps { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.top { display: flex; align-items: center; gap: 24px; padding: 10px 24px; background: #1d2330; color: #fff; }
.top .brand { font-weight: 700; }
.top nav a { color: #c9d4ff; margin-right: 16px; text-decoration: none; }
.top nav a[aria-current] { color: #fff; font-weight: 600; }
main { max-width: 1100px; margin: 0 auto; padding: 8px 24px 48px; }
h1 { font-size: 22px; margin: 16px 0 12px; }
.search { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; background: var(--card);
  border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.search label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 4px; }
.search .grow { flex: 1 1 280px; }
input, select, button { font: inherit; padding: 6px 10px; border: 1px solid #c8ccd4; border-radius: 6px; background: #fff; color: var(--ink); }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
.notice { background: var(--ok-bg); color: var(--ok); border-radius: 6px; padding: 8px 12px; }
.hint, .empty { color: var(--muted); padding: 12px 0; }
.contact { margin: 20px 0 8px; }
.contact h2 { margin: 0; font-size: 20px; overflow-wrap: anywhere; }
.contact p { margin: 2px 0 0; color: var(--muted); overflow-wrap: anywhere; }
.delivery { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--line);
  border-radius: 8px; margin: 14px 0; padding: 12px 16px; }
.delivery.status-completed { border-left-color: var(--ok); }
.delivery.status-failed { border-left-color: var(--bad); }
.delivery.status-retry, .delivery.status-rate_limited, .delivery.status-duplicate, .delivery.status-replayed { border-left-color: #d59b00; }
.delivery header { display: flex; justify-content: space-between; align-items: center; gap: 12px; }
.delivery h3 { margin: 0; font-size: 16px; }
.delivery h3 time { font-weight: 400; color: var(--muted); font-size: 13px; margin-left: 8px; }
.meta { margin: 4px 0 8px; color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
.badge { font-size: 12px; font-weight: 600; padding: 2px 10px; border-radius: 999px; text-transform: uppercase; letter-spacing: .03em; }
.retry { margin: 6px 0 10px; }
.retry button { background: var(--bad); border-color: var(--bad); }
.job-state { margin: 6px 0 10px; color: var(--warn); font-size: 13px; }
.steps { list-style: none; margin: 0; padding: 0; font-size: 13px; }
.step { display: grid; grid-template-columns: 100px 70px 1fr; gap: 8px; padding: 3px 6px; border-top: 1px solid #f0f1f4; }
.step time { color: var(--muted); }
.step .label { color: var(--muted); }
.step .text { white-space: pre-wrap; overflow-wrap: anywhere; }
.tone-ok.step .text { color: var(--ok); }
.tone-warn.step { background: var(--warn-bg); }
.tone-bad.step { background: var(--bad-bg); color: var(--bad); }
.tone-muted.step .text { color: #475467; }
.badge.tone-ok { background: var(--ok-bg); color: var(--ok); }
.badge.tone-warn { background: var(--warn-bg); color: var(--warn); }
.badge.tone-bad { background: var(--bad-bg); color: var(--bad); }
.badge.tone-muted { background: var(--line); color: var(--muted); }
`;
