// JupyterLab: for each app with a plotly figure (question sets left out), where its first visible control,
// its figure and its card (.immunolib-card-view or .immunolib-numbers) are, in page pixels.
() => {
  const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
                          return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; };
  const controls = 'select, .widget-toggle-button, input[type=radio], .widget-slider, ' +
                   'input[type=checkbox], button.jupyter-button, .widget-text input';
  const out = [];
  document.querySelectorAll('.jp-NotebookPanel .immunolib-app').forEach((app, k) => {
    if (app.classList.contains('immunolib-quiz') || app.classList.contains('immunolib-questions')) return;
    const fig = app.querySelector('.js-plotly-plot');
    if (!fig) return;
    const ctl = [...app.querySelectorAll(controls)].filter(el => !el.closest('.js-plotly-plot') && visible(el));
    const top = y => y + window.scrollY;
    const f = fig.getBoundingClientRect();
    const first = ctl.length ? ctl.reduce((a, b) => a.getBoundingClientRect().top <= b.getBoundingClientRect().top ? a : b) : null;
    const card = [...app.querySelectorAll('.immunolib-card-view, .immunolib-numbers')].find(visible);
    const c = card ? card.getBoundingClientRect() : null;
    const label = (app.querySelector('.widget-label') || {}).innerText || app.innerText.split('\n')[0];
    out.push({k, label: (label || '').trim().slice(0, 40),
              control_top: first ? top(first.getBoundingClientRect().top) : null,
              fig_top: top(f.top), fig_bottom: top(f.bottom), fig_left: f.left, fig_right: f.right,
              card: c ? {top: top(c.top), left: c.left, bottom: top(c.bottom)} : null});
  });
  return out;
}
