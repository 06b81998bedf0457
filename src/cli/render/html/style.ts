// report.html's stylesheet, inline: system fonts only, and a print layout without page-split figures.
export const CSS = `
:root { --fg: #111827; --muted: #6b7280; --line: #e5e7eb; --bg: #ffffff; --card: #f9fafb; --new: #2563eb; --cur: #9aa3ae; --good: #047857; --bad: #b91c1c; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1320px; margin: 0 auto; padding: 24px 28px 48px; }
header h1 { font-size: 22px; margin: 0 0 4px; }
.sub { color: var(--muted); margin: 0 0 18px; }
h2 { font-size: 17px; margin: 28px 0 6px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 0 0 6px; }
.note { color: var(--muted); margin: 0 0 10px; font-size: 13px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .big { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .lbl { color: var(--fg); font-size: 13px; }
.card .det { color: var(--muted); font-size: 12px; margin-top: 2px; }
.card.good .big { color: var(--good); }
.card.bad .big { color: var(--bad); }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th { font-weight: 600; color: var(--muted); font-size: 12px; }
.r { text-align: right; }
table.curve { margin-top: 16px; }
tr.rec td { background: #fef3c7; }
.suites { display: flex; flex-wrap: wrap; gap: 28px; align-items: flex-start; }
.figrow { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
svg.chart { max-width: 100%; height: auto; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #374151; }
svg .ct { font-size: 13px; font-weight: 600; fill: #111827; }
svg .tl { font-size: 12px; }
svg .tv { font-size: 11px; fill: #111827; }
svg .ax { font-size: 11px; fill: #6b7280; }
svg .al { font-size: 11px; fill: #6b7280; }
svg .lg { font-size: 11px; }
svg .mk { font-size: 11px; fill: #b45309; }
svg .dim, .dim { fill: #6b7280; color: var(--muted); }
.packs { display: flex; flex-wrap: wrap; gap: 16px; }
figure.pack { margin: 0; padding: 8px; border: 1px solid var(--line); border-radius: 8px; width: 272px; }
figure.pack svg { display: block; margin: 0 auto; max-width: 100%; max-height: 300px; width: auto; height: auto; }
figcaption { font-size: 12px; margin-top: 4px; }
.tag { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 4px; background: #ede9fe; color: #5b21b6; font-size: 11px; font-weight: 600; }
.status { display: inline-block; padding: 2px 10px; border-radius: 999px; font-weight: 600; }
.status.good { background: #d1fae5; color: var(--good); }
.status.bad { background: #fee2e2; color: var(--bad); }
ul.reasons { margin: 8px 0 0; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@media print {
  main { max-width: none; padding: 0; }
  figure, svg, table, .card { break-inside: avoid; }
  .cards { grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); }
  .card .big { font-size: 20px; }
  h2 { break-after: avoid; }
  .card { border-color: #d1d5db; }
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
@page { margin: 14mm; }
`;
